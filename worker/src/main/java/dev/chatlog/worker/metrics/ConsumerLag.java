package dev.chatlog.worker.metrics;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Sums the consumers' {@code records-lag} over the input topic's partitions this instance owns. */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** The lag of {@code topic} in the given Kafka client metrics; 0 when none is reported yet. */
    public static double of(Supplier<Map<MetricName, ? extends Metric>> metrics, String topic) {
        double sum = 0;
        for (var e : metrics.get().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && topic.equals(name.tags().get("topic"))) {
                Object value = e.getValue().metricValue();
                if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    sum += n.doubleValue();
                }
            }
        }
        return sum;
    }
}
