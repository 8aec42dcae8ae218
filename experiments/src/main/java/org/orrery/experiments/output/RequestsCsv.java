package org.orrery.experiments.output;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.RequestListener;

/**
 * Writes {@code requests.csv} while a run goes on: one row per arrived request, in the order the
 * requests finished (completed or rejected), with the unit in every column name. Latency cells are
 * empty where a metric is undefined: every latency of a rejected request, and TPOT of a request
 * with one output token. Rows are written as requests finish, so the file never needs the whole
 * run in memory.
 */
public final class RequestsCsv implements RequestListener, Closeable {
    static final String HEADER = "request_id,arrival_s,prompt_tokens,output_tokens,instance,status,reject_reason,"
            + "ttft_s,tpot_s,e2e_s,preemptions,energy_j";

    private final Path file;
    private final BufferedWriter out;
    private final StringBuilder row = new StringBuilder(160);

    /** Creates {@code file} and writes the header. */
    public RequestsCsv(Path file) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.write('\n');
    }

    @Override
    public void requestFinished(LlmRequest request) {
        row.setLength(0);
        row.append(request.id()).append(',')
                .append(CsvFormat.fixed(request.arrivalSeconds(), 6)).append(',')
                .append(request.promptTokens()).append(',')
                .append(request.outputTokens()).append(',')
                .append(request.instanceId()).append(',')
                .append(request.status().name().toLowerCase(Locale.ROOT)).append(',')
                .append(request.rejectReason() == null ? "" : request.rejectReason().id()).append(',')
                .append(CsvFormat.fixed(request.ttftSeconds(), 6)).append(',')
                .append(CsvFormat.fixed(request.tpotSeconds(), 6)).append(',')
                .append(CsvFormat.fixed(request.endToEndSeconds(), 6)).append(',')
                .append(request.preemptions()).append(',')
                .append(CsvFormat.fixed(request.energyJoules(), 3)).append('\n');
        try {
            out.append(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
