/**
 * The Jupyter connector: notebooks of a Jupyter Server (its Contents API, walked from a root
 * folder with a token) or of a local folder of {@code .ipynb} files, as notebook assets with
 * their kernel, authors as owners, and lineage edges read statically — never executed — from
 * string literals in their code cells ({@code from_pretrained}, {@code load_dataset},
 * {@code read_parquet}, {@code mlflow.register_model}, {@code torch.save}, ...), each with the
 * cell and line as evidence. Outputs are never kept: they can hold data.
 */
package dev.tightrope.sync.jupyter;
