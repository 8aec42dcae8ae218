/**
 * Streaming readers that turn trace files into plain records, and the data sets bundled with this
 * module. {@link org.orrery.traces.AzureLlmTraceReader} reads LLM inference arrivals,
 * {@link org.orrery.traces.CarbonIntensityReader} reads grid carbon intensity series, and
 * {@link org.orrery.traces.BundledTraces} resolves the {@code bundled:NAME} references that configs
 * use. All timestamps are returned in UTC. Every reader throws
 * {@link org.orrery.traces.TraceFormatException} on the first invalid row instead of skipping it.
 */
package org.orrery.traces;
