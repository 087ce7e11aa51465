package dev.tightrope.scan.formats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.ScanLimitException;
import dev.tightrope.scan.Verdict;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keras 2 / legacy HDF5 models ({@code .h5}): the root group's {@code model_config} (and
 * {@code training_config}) attributes are Keras JSON, checked with {@link KerasConfigRules}. Keras
 * applies no safe mode to HDF5 models (CVE-2025-9905), so a Lambda layer there runs on load.
 * HDF5 is read with jhdf (pure Java) through a channel over the input, attributes only; datasets
 * (the weights) are never read. An HDF5 file without {@code model_config} is plain data.
 */
public final class KerasH5Analyzer implements FormatAnalyzer {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String[] CONFIG_ATTRIBUTES = {"model_config", "training_config"};
    private static final int MAX_ATTRIBUTE_BYTES = 64 * 1024 * 1024;

    @Override
    public ModelFormat format() {
        return ModelFormat.KERAS_H5;
    }

    /** The superblock signature sits at 0 or after a user block of 512 * 2^k bytes. */
    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        for (long at = 0; at + SIGNATURE.length <= headLength; at = at == 0 ? 512 : at * 2) {
            if (Arrays.equals(head, (int) at, (int) at + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        FindingBudget findings = new FindingBudget(context);
        try (HdfFile hdf = open(input)) {
            boolean sawConfig = false;
            for (String name : CONFIG_ATTRIBUTES) {
                context.checkDeadline();
                Attribute attribute = hdf.getAttribute(name);
                if (attribute == null) {
                    continue;
                }
                sawConfig |= name.equals("model_config");
                String json = attributeText(attribute, name, findings);
                if (json != null) {
                    JsonNode root = StrictJson.readTree(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                            "keras", findings, -1);
                    if (root != null) {
                        KerasConfigRules.check(root, "/" + name, findings);
                    }
                }
            }
            if (!sawConfig) {
                findings.report("keras.h5-plain-data", Verdict.SAFE,
                        "HDF5 file without a model_config attribute: plain data (weights or arrays), Keras rules do not apply",
                        "no /model_config", -1);
            }
        } catch (ScanLimitException e) {
            throw e;
        } catch (StackOverflowError | OutOfMemoryError e) {
            findings.report("keras.h5-not-scanned", Verdict.SUSPICIOUS,
                    "HDF5 structure exceeded the reader's resources; not fully scanned", e.getClass().getSimpleName(), -1);
        } catch (RuntimeException e) {
            // jhdf signals malformed structure with unchecked exceptions; each is a structural finding, never a crash.
            findings.report("keras.h5-invalid", Verdict.INVALID, "HDF5 structure is malformed: " + describe(e),
                    e.getClass().getSimpleName(), -1);
        } finally {
            findings.flush();
        }
    }

    /**
     * Members up to this size are handed to jHDF as bytes, like mapped files: read from memory,
     * jHDF slices the span an object header declares instead of allocating it first, so a
     * 129-byte file whose header claims 256 MB costs nothing (read through a channel, it
     * allocated the 256 MB before finding the file too short).
     */
    private static final long IN_MEMORY_MEMBER = 64L << 20;

    private static HdfFile open(ScanInput input) throws IOException {
        if (input.path() != null && input.size() <= Integer.MAX_VALUE) {
            try (FileChannel channel = FileChannel.open(input.path(), StandardOpenOption.READ)) {
                // mapped, not read: no heap for the file itself, and the mapping outlives the channel
                return HdfFile.fromByteBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            }
        }
        if (input.path() != null) {
            return new HdfFile(input.path());
        }
        if (input.size() <= IN_MEMORY_MEMBER) {
            return HdfFile.fromBytes(input.readFully(0, (int) input.size()));
        }
        // jhdf derives a Path from the URI (for messages only; it reads through the channel), so it must be hierarchical.
        return new HdfFile(new ScanInputChannel(input), URI.create("file:///scan-member/" + encode(input.name())));
    }

    /** Keras writes JSON as a scalar string (fixed or variable length); anything else is reported. */
    private static String attributeText(Attribute attribute, String name, FindingBudget findings) {
        if (attribute.getSize() > 1 || attribute.getDimensions().length > 1) {
            findings.report("keras.h5-config-invalid", Verdict.INVALID, name + " is not a scalar string",
                    "dimensions=" + Arrays.toString(attribute.getDimensions()), -1);
            return null;
        }
        Class<?> type = attribute.getJavaType();
        if (type != String.class && type != byte[].class) {
            findings.report("keras.h5-config-invalid", Verdict.INVALID, name + " is not a string attribute",
                    "type=" + type.getSimpleName(), -1);
            return null;
        }
        Object data = attribute.getData();
        if (data instanceof String[] array) {
            data = array.length == 1 ? array[0] : null;
        }
        String text = data instanceof String s ? s : data instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
        if (text == null) {
            findings.report("keras.h5-config-invalid", Verdict.INVALID, name + " holds no string", String.valueOf(data), -1);
            return null;
        }
        if (text.length() > MAX_ATTRIBUTE_BYTES) {
            findings.report("keras.h5-not-scanned", Verdict.SUSPICIOUS, name + " exceeds the attribute size bound",
                    "length=" + text.length(), -1);
            return null;
        }
        return text;
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    private static String encode(String name) {
        return name == null ? "member" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
