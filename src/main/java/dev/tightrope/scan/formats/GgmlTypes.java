package dev.tightrope.scan.formats;

/**
 * The ggml tensor type table: block size (elements per block) and type size (bytes per block) per
 * type id. Source: llama.cpp {@code gguf-py/gguf/constants.py} {@code GGML_QUANT_SIZES} (the Python
 * mirror of {@code type_traits} in {@code ggml/src/ggml.c}); MXFP4 (39) from the same table in
 * later releases. Ids 4, 5 (Q4_2, Q4_3), 31-33 (Q4_0_4_4, Q4_0_4_8, Q4_0_8_8) and 36-38
 * (IQ4_NL_4_4, IQ4_NL_4_8, IQ4_NL_8_8) were removed from ggml and are rejected by current loaders.
 */
final class GgmlTypes {
    /** One past the highest type id this table accepts (GGML_TYPE_COUNT at the reference's cut). */
    static final int COUNT = 40;

    private static final String[] NAMES = new String[COUNT];
    private static final int[] BLOCK = new int[COUNT];
    private static final int[] SIZE = new int[COUNT];

    static {
        type(0, "F32", 1, 4);
        type(1, "F16", 1, 2);
        type(2, "Q4_0", 32, 2 + 16);
        type(3, "Q4_1", 32, 2 + 2 + 16);
        type(6, "Q5_0", 32, 2 + 4 + 16);
        type(7, "Q5_1", 32, 2 + 2 + 4 + 16);
        type(8, "Q8_0", 32, 2 + 32);
        type(9, "Q8_1", 32, 4 + 4 + 32);
        type(10, "Q2_K", 256, 2 + 2 + 256 / 16 + 256 / 4);
        type(11, "Q3_K", 256, 2 + 256 / 4 + 256 / 8 + 12);
        type(12, "Q4_K", 256, 2 + 2 + 256 / 2 + 12);
        type(13, "Q5_K", 256, 2 + 2 + 256 / 2 + 256 / 8 + 12);
        type(14, "Q6_K", 256, 2 + 256 / 2 + 256 / 4 + 256 / 16);
        type(15, "Q8_K", 256, 4 + 256 + 256 / 8);
        type(16, "IQ2_XXS", 256, 2 + 256 / 4);
        type(17, "IQ2_XS", 256, 2 + 256 / 4 + 256 / 32);
        type(18, "IQ3_XXS", 256, 2 + 256 / 4 + 256 / 8);
        type(19, "IQ1_S", 256, 2 + 256 / 8 + 256 / 16);
        type(20, "IQ4_NL", 32, 2 + 16);
        type(21, "IQ3_S", 256, 2 + 256 / 4 + 256 / 8 + 256 / 32 + 4);
        type(22, "IQ2_S", 256, 2 + 256 / 4 + 256 / 16);
        type(23, "IQ4_XS", 256, 2 + 2 + 256 / 2 + 256 / 64);
        type(24, "I8", 1, 1);
        type(25, "I16", 1, 2);
        type(26, "I32", 1, 4);
        type(27, "I64", 1, 8);
        type(28, "F64", 1, 8);
        type(29, "IQ1_M", 256, 256 / 8 + 256 / 16 + 256 / 32);
        type(30, "BF16", 1, 2);
        type(34, "TQ1_0", 256, 2 + 4 * 13);
        type(35, "TQ2_0", 256, 2 + 64);
        type(39, "MXFP4", 32, 1 + 16);
    }

    private GgmlTypes() {
    }

    private static void type(int id, String name, int block, int size) {
        NAMES[id] = name;
        BLOCK[id] = block;
        SIZE[id] = size;
    }

    /** True for ids that current ggml accepts. */
    static boolean known(long id) {
        return id >= 0 && id < COUNT && NAMES[(int) id] != null;
    }

    static String name(int id) {
        return NAMES[id];
    }

    static int blockSize(int id) {
        return BLOCK[id];
    }

    static int typeSize(int id) {
        return SIZE[id];
    }
}
