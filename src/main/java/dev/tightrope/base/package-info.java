/**
 * Small pieces every layer needs and none owns: named daemon threads, atomic file writes, log
 * files, the strict reading of untrusted JSON, bounded reads of answers from outside, the loopback
 * rule, the build's version. No domain knowledge; depends
 * on nothing else in Tightrope and on no framework but Jackson (for
 * {@link dev.tightrope.base.UntrustedJson}).
 */
package dev.tightrope.base;
