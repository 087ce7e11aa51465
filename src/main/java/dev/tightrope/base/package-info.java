/**
 * Small pieces every layer needs and none owns: named daemon threads, atomic file writes. No
 * domain knowledge, no frameworks; depends on nothing else in Tightrope.
 */
package dev.tightrope.base;
