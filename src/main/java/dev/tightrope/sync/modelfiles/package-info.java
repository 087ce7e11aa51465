/**
 * The model-files source: a local directory of model files, scanned by {@code scan} without
 * executing anything, each model and file an asset with its digest and findings.
 */
package dev.tightrope.sync.modelfiles;
