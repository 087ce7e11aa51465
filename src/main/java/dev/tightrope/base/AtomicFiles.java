package dev.tightrope.base;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that a reader, or the next start after a crash or power cut, sees the old
 * content or the new, never a part: the content goes to a temporary file in the target's
 * directory (so the rename stays on one file system), is flushed to disk, is renamed over the
 * target, and the directory entry is flushed too where the platform allows. The temporary file
 * is removed when anything fails, and an existing target is then unchanged.
 *
 * <p>One policy for every caller: a replacing write renames with {@code ATOMIC_MOVE}, and only a
 * file system that cannot (none of the local ones Tightrope runs on) gets a plain rename within
 * the directory instead. A write that must not replace links the new file into place, which
 * fails when the target exists even if another process created it a moment ago; a file system
 * without hard links gets a rename after a check for the target.
 */
public final class AtomicFiles {

    /** Readable and writable by the owner only: private keys, the log key, credentials. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Writes the content of a new file; the stream is closed by {@link AtomicFiles}, closing it early is harmless. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target}, replacing it if it exists. */
    public static void replace(Path target, byte[] content) throws IOException {
        replace(target, out -> out.write(content));
    }

    /** As {@link #replace(Path, byte[])} with {@code permissions} set as {@link #createNew(Path, byte[], Set)} does. */
    public static void replace(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(target, true, permissions, out -> out.write(content));
    }

    /** As {@link #replace(Path, byte[])}, for content written as a stream (an archive). */
    public static void replace(Path target, Content content) throws IOException {
        write(target, true, null, content);
    }

    /** Writes {@code target}, which must not exist yet: throws {@link FileAlreadyExistsException} if it does. */
    public static void createNew(Path target, byte[] content) throws IOException {
        createNew(target, content, null);
    }

    /**
     * As {@link #createNew(Path, byte[])} with {@code permissions} set on the temporary file
     * before any content is written, so a secret is never readable by others, not even
     * part-written. Off POSIX, permissions without group or other read make the file readable by
     * its owner only, as far as the file system allows.
     */
    public static void createNew(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(target, false, permissions, out -> out.write(content));
    }

    private static void write(Path target, boolean replace, Set<PosixFilePermission> permissions, Content content)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path tmp = Files.createTempFile(dir, ".tightrope-", ".part");
        try {
            restrict(tmp, permissions);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        // the channel must stay open until its content is forced to disk
                        out.flush();
                    }
                });
                out.flush();
                channel.force(true);
            }
            if (replace) {
                moveReplacing(tmp, target);
            } else {
                moveIfAbsent(tmp, target);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray hidden .part file is harmless; the write's own outcome is what the caller needs
            }
        }
        syncDirectory(dir);
    }

    private static void restrict(Path file, Set<PosixFilePermission> permissions) throws IOException {
        if (permissions == null) {
            return;
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, permissions);
        } else if (!permissions.contains(PosixFilePermission.GROUP_READ) && !permissions.contains(PosixFilePermission.OTHERS_READ)) {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
    }

    private static void moveReplacing(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A rename would silently replace a target created since the check above; a hard link cannot. */
    private static void moveIfAbsent(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            Files.move(tmp, target);
        }
    }

    /** Makes the rename itself durable. Windows cannot open a directory this way; NTFS journals the rename. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file's own content is already on disk
        }
    }
}
