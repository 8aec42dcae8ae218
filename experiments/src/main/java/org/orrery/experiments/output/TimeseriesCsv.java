package org.orrery.experiments.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.orrery.core.StepSeries;
import org.orrery.experiments.run.RunResult;

/**
 * Writes {@code timeseries.csv}: one row per interval of {@code output.timeseries_interval_s},
 * each value the exact time average over the interval (the last interval is shorter when the run
 * ends inside it, see {@code interval_s}). Facility power is IT power times the PUE.
 */
final class TimeseriesCsv {
    static final String HEADER = "time_s,interval_s,gpu_power_w,host_power_w,facility_power_w,facility_energy_j,"
            + "busy_gpus,waiting_requests,running_requests,carbon_intensity_g_per_kwh";

    private TimeseriesCsv() {
    }

    /** One interval's averages, also used by the figures. */
    record Row(double timeSeconds, double intervalSeconds, double gpuWatts, double hostWatts, double facilityWatts,
            double busyGpus, double waiting, double running, double intensity) {
    }

    static List<Row> rows(RunResult result) {
        double width = result.power().gpuWatts().binSeconds();
        double end = result.simulatedSeconds();
        int bins = (int) Math.ceil(end / width);
        double pue = result.power().pue();
        List<Row> rows = new ArrayList<>(bins);
        for (int i = 0; i < bins; i++) {
            double start = i * width;
            double length = Math.min(width, end - start);
            if (length <= 0) {
                break;
            }
            double gpu = average(result.power().gpuWatts(), i, length);
            double host = average(result.power().hostWatts(), i, length);
            rows.add(new Row(start, length, gpu, host, (gpu + host) * pue,
                    average(result.metrics().busyGpus(), i, length),
                    average(result.metrics().waitingRequests(), i, length),
                    average(result.metrics().runningRequests(), i, length),
                    result.intensity().integral(start, start + length) / length));
        }
        return rows;
    }

    static void write(Path file, List<Row> rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (Row row : rows) {
                out.write(String.join(",",
                        CsvFormat.fixed(row.timeSeconds(), 3),
                        CsvFormat.fixed(row.intervalSeconds(), 6),
                        CsvFormat.fixed(row.gpuWatts(), 3),
                        CsvFormat.fixed(row.hostWatts(), 3),
                        CsvFormat.fixed(row.facilityWatts(), 3),
                        CsvFormat.fixed(row.facilityWatts() * row.intervalSeconds(), 3),
                        CsvFormat.fixed(row.busyGpus(), 4),
                        CsvFormat.fixed(row.waiting(), 4),
                        CsvFormat.fixed(row.running(), 4),
                        CsvFormat.fixed(row.intensity(), 4)));
                out.write('\n');
            }
        }
    }

    private static double average(StepSeries series, int bin, double length) {
        return series.binIntegral(bin) / length;
    }
}
