package dev.warden.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL left running by a Warden that was killed (kill -9, OOM killer): the postmaster runs
 * on in its own session, holding the data directory, and the next start would wait for it in vain.
 * The process that owns the directory holds a lock on {@code epg-lock}; when nobody holds it, a
 * postmaster named in {@code postmaster.pid} is abandoned and is stopped before the new start.
 */
final class StaleServer {

    private StaleServer() {}

    static void stopIfAbandoned(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lockFile = dataDir.resolve("epg-lock");
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
                FileChannel channel = file.getChannel()) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("Another Warden is running on the data directory " + dataDir
                        + "; stop it first, or give this one its own WARDEN_DATA_DIR");
            }
            lock.release();
        }
        Optional<ProcessHandle> postmaster = postmaster(pidFile);
        if (postmaster.isEmpty()) {
            return; // the file is left over, the process is gone: PostgreSQL starts over it by itself
        }
        System.out.println("Warden: stopping the embedded PostgreSQL (pid "
                + postmaster.get().pid() + ") left running by a Warden that did not shut down");
        postmaster.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old Warden
        try {
            postmaster.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.get().destroyForcibly();
        }
        for (int i = 0; i < 100 && Files.exists(pidFile) && postmaster.get().isAlive(); i++) {
            sleep();
        }
    }

    /** The live process named on the first line of postmaster.pid, if it is a PostgreSQL server. */
    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) return Optional.empty();
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
