package dev.tightrope.sync.jupyter;

/**
 * How far one sync of a notebook server (or folder) goes. A walk that reaches a bound stops
 * there, says so as a problem, and counts as incomplete: nothing it did not reach is marked gone.
 *
 * @param maxDepth       folders below the root that are read (the root is depth 0)
 * @param maxNotebooks   notebooks read in one sync
 * @param maxDirectories folders listed in one sync
 * @param maxCells       cells read per notebook; the rest are not read for lineage hints
 * @param maxCellSource  characters of one cell's source that are read
 * @param maxHints       lineage hints kept per notebook
 */
record JupyterLimits(int maxDepth, int maxNotebooks, int maxDirectories, int maxCells, int maxCellSource, int maxHints) {

    static final JupyterLimits DEFAULT = new JupyterLimits(8, 10_000, 10_000, 5_000, 1_000_000, 200);

    JupyterLimits {
        if (maxDepth < 0 || maxNotebooks < 1 || maxDirectories < 1 || maxCells < 1 || maxCellSource < 1 || maxHints < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    JupyterLimits withWalk(int depth, int notebooks) {
        return new JupyterLimits(depth, notebooks, maxDirectories, maxCells, maxCellSource, maxHints);
    }
}
