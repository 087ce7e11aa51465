/**
 * Pickle analysis by symbolic simulation of the pickle machine ({@link dev.tightrope.scan.pickle.PickleMachine})
 * under an allow-first import policy ({@link dev.tightrope.scan.pickle.PicklePolicy}), plus the
 * legacy PyTorch layouts that interleave pickles with raw tensor bytes.
 */
package dev.tightrope.scan.pickle;
