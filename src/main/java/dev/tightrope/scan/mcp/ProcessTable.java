package dev.tightrope.scan.mcp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The processes of the machine now, read-only: what each runs, as whom and since when. */
public interface ProcessTable {

    /**
     * One process.
     *
     * @param argv its command line, the program first; empty when the OS does not show it to this user
     * @param user who it runs as, or null when not shown
     * @param start when it started, or null when not shown
     */
    record Process(long pid, List<String> argv, String user, Instant start) {
        public Process {
            argv = List.copyOf(argv);
        }
    }

    /**
     * The table at one moment.
     *
     * @param hidden how many processes (kernel threads aside) hide their command line from this user
     */
    record Snapshot(List<Process> processes, int hidden) {
        public Snapshot {
            processes = List.copyOf(processes);
        }
    }

    Snapshot snapshot();

    /**
     * The OS's table through {@link ProcessHandle#allProcesses()}. On Linux, kernel threads (pid 2
     * and its children) have no command line and are not counted as hidden.
     */
    static ProcessTable system() {
        return () -> {
            List<Process> out = new ArrayList<>();
            int[] hidden = {0};
            long self = ProcessHandle.current().pid();
            ProcessHandle.allProcesses().forEach(p -> {
                if (p.pid() == self) {
                    return;
                }
                ProcessHandle.Info info = p.info();
                List<String> argv = new ArrayList<>();
                String[] args = info.arguments().orElse(new String[0]);
                // the program may be hidden while its arguments are not: keep the arguments' places
                info.command().or(() -> args.length > 0 ? java.util.Optional.of("") : java.util.Optional.empty()).ifPresent(argv::add);
                argv.addAll(List.of(args));
                if (argv.isEmpty()) {
                    boolean kernelThread = p.pid() == 2 || p.parent().map(ProcessHandle::pid).filter(pp -> pp == 2).isPresent();
                    if (!kernelThread && p.isAlive()) {
                        hidden[0]++;
                    }
                    return;
                }
                out.add(new Process(p.pid(), argv, info.user().orElse(null), info.startInstant().orElse(null)));
            });
            return new Snapshot(out, hidden[0]);
        };
    }

    /** A table read before: the same snapshot every time. */
    static ProcessTable of(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return () -> snapshot;
    }
}
