/**
 * The GitHub Actions connector: the workflow runs of the configured repositories (each a run of
 * its workflow, the pipeline the OpenLineage GitHub integration names {@code github://owner/repo}
 * / {@code <workflow file>}), the artifacts each run uploaded, by their {@code sha256} digest (the
 * join key with every other source holding the same bytes), and the build-provenance
 * attestations GitHub stores for those digests, noted and never taken as verified; live over the
 * REST API, or offline from saved answers.
 */
package dev.tightrope.sync.github;
