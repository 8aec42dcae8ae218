package org.orrery.traces;

import java.io.Closeable;
import java.util.Iterator;

/**
 * A stream of LLM requests in arrival order, read from a file or generated, one record at a time so
 * that memory does not grow with its length.
 */
public interface LlmTraceStream extends Iterator<LlmTraceRecord>, Closeable {

    /** Returns a name of the stream for messages: a file name, a bundled name or a generator description. */
    String sourceName();
}
