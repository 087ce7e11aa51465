package dev.tightrope.ui.common;

/**
 * "Latest request wins" for one kind of load (the inventory's rows, the selected asset's detail):
 * submitting cancels the previous task of the same slot, whose result is then never delivered.
 * Use on the UI thread.
 */
public final class Latest {
    private final UiExecutor executor;
    private TaskHandle current;

    public Latest(UiExecutor executor) {
        this.executor = executor;
    }

    /** Cancels what this slot ran before and submits {@code task}. */
    public <T> TaskHandle submit(BackgroundTask<T> task) {
        cancel();
        TaskHandle handle = executor.submit(task);
        current = handle;
        return handle;
    }

    /** Drops the slot's running task, if any. */
    public void cancel() {
        if (current != null && !current.isDone()) {
            current.cancel();
        }
        current = null;
    }
}
