/**
 * Model files on a developer's machine ({@code reference/mcp.md} "Local models"): the Hugging Face
 * hub cache (models and datasets), Ollama's model store, LM Studio's model folders, and loose
 * model files in repository roots, found without following links out of them
 * ({@link dev.tightrope.scan.localmodels.LocalModelDiscovery}) and scanned by the model scanner
 * without executing anything, each distinct blob once, its cache digest checked
 * ({@link dev.tightrope.scan.localmodels.LocalModelScan}).
 */
package dev.tightrope.scan.localmodels;
