package dev.tightrope.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The cache's JSON columns: string maps and string lists. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static String writeMapOrNull(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : write(map);
    }

    static String writeListOrNull(List<String> list) {
        return list == null || list.isEmpty() ? null : write(list);
    }

    static SortedMap<String, String> readMap(String json) {
        if (json == null || json.isEmpty()) {
            return new TreeMap<>();
        }
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new CacheException("a cached property map is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static List<String> readList(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new CacheException("a cached list is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
