package dev.bellwether.metrics;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.TenantMetrics;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * {@link TenantMetrics} as JSON, for the API and the stored snapshots:
 * {@code {month, <every book figure by its key, in MetricDefinition's order>}}, counts as integers,
 * undefined figures as null. Reading back fails on a key no definition has; a figure the JSON
 * lacks (a snapshot stored before the figure existed) reads as undefined.
 */
@Singleton
public class TenantMetricsJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("tenant-metrics");
        module.addSerializer(TenantMetrics.class, new Writer());
        module.addDeserializer(TenantMetrics.class, new Reader());
        return module;
    }

    private static final class Writer extends StdSerializer<TenantMetrics> {

        Writer() {
            super(TenantMetrics.class);
        }

        @Override
        public void serialize(TenantMetrics metrics, JsonGenerator json, SerializerProvider provider)
                throws IOException {
            json.writeStartObject();
            json.writeStringField("month", metrics.month());
            for (MetricDefinition metric : MetricDefinition.ofBooks()) {
                json.writeFieldName(metric.key());
                Double value = metrics.get(metric);
                if (value == null) {
                    json.writeNull();
                } else if (metric.whole()) {
                    json.writeNumber(metrics.count(metric));
                } else {
                    json.writeNumber(value.doubleValue());
                }
            }
            json.writeEndObject();
        }
    }

    private static final class Reader extends StdDeserializer<TenantMetrics> {

        Reader() {
            super(TenantMetrics.class);
        }

        @Override
        public TenantMetrics deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            // the context's reader: the parser's own checks for a trailing value, which inside a list is the next one
            JsonNode node = context.readTree(parser);
            JsonNode month = node.get("month");
            if (month == null || !month.isTextual()) {
                throw JsonMappingException.from(parser, "Metrics without a month: " + node);
            }
            TenantMetrics.Builder metrics = TenantMetrics.builder(month.asText());
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("month")) {
                    continue;
                }
                MetricDefinition metric = MetricDefinition.of(field.getKey()).filter(MetricDefinition::ofBook)
                        .orElseThrow(() -> JsonMappingException.from(parser, "No metric " + field.getKey()));
                JsonNode value = field.getValue();
                metrics.set(metric, value.isNull() ? null : value.doubleValue());
            }
            return metrics.restUndefined().build();
        }
    }
}
