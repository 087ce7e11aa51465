/**
 * Containers parsed from their raw records: PyTorch/TorchScript/npz zips, {@code .npy}, tar and
 * the legacy PyTorch tar, the legacy stacked layout, compressed streams and 7z (recognised only).
 */
package dev.tightrope.scan.container;
