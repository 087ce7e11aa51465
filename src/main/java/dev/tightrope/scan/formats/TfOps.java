package dev.tightrope.scan.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * TensorFlow op classification for SavedModel graphs. The known-op list is the committed resource
 * {@code tf_raw_ops.txt} (source documented in its header). The dangerous ops are decided here from
 * what each op does when a loaded model runs it:
 * <ul>
 *   <li>file access: ops whose purpose is reading, listing or writing paths given at run time
 *       ({@code ReadFile}, {@code WriteFile}, {@code MatchingFiles}, file-backed datasets and
 *       readers, summary and dataset writers, {@code ImmutableConst}, which maps a named file region,
 *       {@code LoadAndRemapMatrix}/{@code GenerateVocabRemapping}, which open arbitrary checkpoint
 *       and vocabulary paths, and the tfdbg ops, whose {@code debug_urls} write to file:// or grpc://);</li>
 *   <li>Python callbacks: {@code PyFunc}, {@code PyFuncStateless}, {@code EagerPyFunc};</li>
 *   <li>network: {@code RemoteCall}, the tf.data service ops.</li>
 * </ul>
 * Deliberately not dangerous: the checkpoint ops ({@code SaveV2}, {@code RestoreV2},
 * {@code MergeV2Checkpoints}, ...) and {@code InitializeTableFromTextFile*}, because every SavedModel
 * carries them to save/restore its own variables and read its own assets; {@code PrintV2} only when
 * its {@code output_stream} is a {@code file://} path.
 */
final class TfOps {
    enum Category { FILE_ACCESS, PYTHON_CALLBACK, NETWORK }

    private static final Map<String, Category> DANGEROUS = new HashMap<>();
    private static final Set<String> KNOWN = load();
    /** Grappler/runtime ops that appear in optimised or frozen graphs but are not in tf.raw_ops. */
    private static final Set<String> INTERNAL = Set.of("_Arg", "_Retval", "_FusedMatMul", "_FusedConv2D",
            "_FusedDepthwiseConv2dNative", "_FusedBatchNormEx", "_FusedConv3D");

    static {
        for (String op : new String[] {"ReadFile", "WriteFile", "MatchingFiles", "MatchingFilesDataset",
            "ExperimentalMatchingFilesDataset", "ImmutableConst", "DatasetToTFRecord", "ExperimentalDatasetToTFRecord",
            "SaveDataset", "SaveDatasetV2", "LoadDataset", "SnapshotDataset", "SnapshotDatasetV2", "SnapshotDatasetReader",
            "SnapshotNestedDatasetReader", "SnapshotChunkDataset", "TFRecordDataset", "TFRecordDatasetV2", "TextLineDataset",
            "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2", "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset",
            "LMDBDataset", "ExperimentalLMDBDataset", "SqlDataset", "ExperimentalSqlDataset", "WholeFileReader",
            "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "TFRecordReader", "TFRecordReaderV2",
            "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "LMDBReader", "RecordInput", "CreateSummaryFileWriter",
            "CreateSummaryDbWriter", "LoadAndRemapMatrix", "GenerateVocabRemapping", "DebugIdentity", "DebugIdentityV2",
            "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary", "DebugNumericSummaryV2"}) {
            DANGEROUS.put(op, Category.FILE_ACCESS);
        }
        for (String op : new String[] {"PyFunc", "PyFuncStateless", "EagerPyFunc"}) {
            DANGEROUS.put(op, Category.PYTHON_CALLBACK);
        }
        for (String op : new String[] {"RemoteCall", "DataServiceDataset", "DataServiceDatasetV2", "DataServiceDatasetV3",
            "DataServiceDatasetV4", "RegisterDataset", "RegisterDatasetV2"}) {
            DANGEROUS.put(op, Category.NETWORK);
        }
    }

    private TfOps() {
    }

    static Category dangerous(String op) {
        return DANGEROUS.get(op);
    }

    static boolean known(String op) {
        return KNOWN.contains(op) || INTERNAL.contains(op);
    }

    private static Set<String> load() {
        Set<String> ops = new HashSet<>();
        try (InputStream in = TfOps.class.getResourceAsStream("tf_raw_ops.txt")) {
            if (in == null) {
                throw new IllegalStateException("tf_raw_ops.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    ops.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(ops);
    }
}
