package org.orrery.experiments.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.orrery.model.inference.LlmRequest;

/**
 * Writes {@code requests.csv}: one row per arrived request, sorted by request id (arrival order),
 * with the unit in every column name. Latency cells are empty where a metric is undefined: every
 * latency of a rejected request, and TPOT of a request with one output token.
 */
final class RequestsCsv {
    static final String HEADER = "request_id,arrival_s,prompt_tokens,output_tokens,instance,status,reject_reason,"
            + "ttft_s,tpot_s,e2e_s,preemptions,energy_j";

    private RequestsCsv() {
    }

    static void write(Path file, List<LlmRequest> requests) throws IOException {
        List<LlmRequest> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparingLong(LlmRequest::id));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            StringBuilder row = new StringBuilder(160);
            for (LlmRequest request : sorted) {
                row.setLength(0);
                row.append(request.id()).append(',')
                        .append(CsvFormat.fixed(request.arrivalSeconds(), 6)).append(',')
                        .append(request.promptTokens()).append(',')
                        .append(request.outputTokens()).append(',')
                        .append(request.instanceId()).append(',')
                        .append(request.status().name().toLowerCase(java.util.Locale.ROOT)).append(',')
                        .append(request.rejectReason() == null ? "" : request.rejectReason().id()).append(',')
                        .append(CsvFormat.fixed(request.ttftSeconds(), 6)).append(',')
                        .append(CsvFormat.fixed(request.tpotSeconds(), 6)).append(',')
                        .append(CsvFormat.fixed(request.endToEndSeconds(), 6)).append(',')
                        .append(request.preemptions()).append(',')
                        .append(CsvFormat.fixed(request.energyJoules(), 3)).append('\n');
                out.append(row);
            }
        }
    }
}
