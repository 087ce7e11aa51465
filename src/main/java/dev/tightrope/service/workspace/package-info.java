/**
 * One workspace on disk and where it lives: the directory with the cache and its configuration
 * (keys, trust store, policies, credentials, UI preferences), the per-OS default locations and
 * their overrides, and source secrets from the environment or the 0600 credentials file.
 */
package dev.tightrope.service.workspace;
