package dev.warden.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request keys bind case-insensitively (the C# SDK sends PascalCase); unknown keys are ignored;
 * a string where a boolean or number belongs is an error rather than a guess.
 */
@Singleton
public class JacksonSetup implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // Documents keep their numbers exactly: 0.1 stays 0.1 and 1e400 does not become Infinity.
        mapper.configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(RelaxedJson.MAX_DEPTH)
                        .build());
    }
}
