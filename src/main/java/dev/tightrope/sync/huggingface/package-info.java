/**
 * The Hugging Face Hub connector: a user's or organisation's models with their revision, LFS
 * files (by SHA-256, the join key with local scans and signatures), base models, training
 * datasets and the Hub's own scan status, and their datasets; live over the Hub's REST API or
 * offline from saved answers.
 */
package dev.tightrope.sync.huggingface;
