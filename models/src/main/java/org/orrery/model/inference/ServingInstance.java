package org.orrery.model.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.orrery.core.Event;
import org.orrery.core.Simulation;
import org.orrery.model.power.InstancePower;
import org.orrery.model.power.PowerState;

/**
 * An LLM serving instance with iteration-level (continuous) batching, modelled on vLLM's scheduler.
 *
 * <p>Each iteration first gives every running request one decode step, then admits waiting requests
 * first come, first served while the running count stays within {@code maxRunningSequences}, the
 * batched tokens (one per decode plus each admitted prompt) within {@code maxBatchedTokens}, and
 * their prompts fit in free KV-cache blocks; admitted prompts are prefilled in the same iteration.
 * The iteration's duration comes from the {@link PerformanceModel}. At its end, every prefilled
 * request has its first token and every decoding request one more; finished requests free their
 * blocks.
 *
 * <p>KV cache: capacity is the memory of the instance's GPUs times {@code gpuMemoryUtilization}
 * minus the weights, in blocks of {@code kvBlockTokens}. A request holds blocks for its prompt and
 * generated tokens. When a decode step needs a block and none is free, the most recently admitted
 * running request is preempted: it frees its blocks and returns to the front of the queue, and
 * when admitted again it recomputes its prompt and generated tokens in one prefill (vLLM's
 * recompute preemption). As in vLLM's V1 scheduler, an iteration that preempted admits no waiting
 * request unless nothing else is left to run. With prefix caching, the freed blocks keep their
 * contents until other requests overwrite them (see {@link FreeKvBlocks}), and the recompute
 * covers only the overwritten part. Requests that could never complete on this instance (over the
 * context limit, a prompt longer than the token budget without chunked prefill, or more KV than
 * the whole cache) are rejected at arrival, so preemption always makes progress.
 *
 * <p>An instance steps on its own, or as one rank of a {@link DataParallelGroup}, which starts
 * and ends the iterations of all its ranks together.
 *
 * <p>Limits: no sharing of prompt prefixes between requests, swapping to host memory or
 * speculative decoding. The scheduler runs in step with the GPU. vLLM's asynchronous scheduling
 * instead builds the next batch while the current one runs, so there a newly arrived request can
 * join only the batch after the one already built, up to one iteration later than here. Memory
 * for activations and CUDA graphs is not reserved, which overstates the KV capacity by a few
 * percent.
 */
public final class ServingInstance {
    private final int id;
    private final Simulation simulation;
    private final PerformanceModel performance;
    private final ServingLimits limits;
    private final ModelSpec model;
    private final InstancePower power;
    private final ServingMetrics metrics;
    private final RequestListener listener;
    private final int totalKvBlocks;

    private final ArrayDeque<LlmRequest> waiting = new ArrayDeque<>();
    private final ArrayList<LlmRequest> running = new ArrayList<>();
    private final ArrayList<LlmRequest> prefilling = new ArrayList<>();
    private final ArrayList<LlmRequest> decoding = new ArrayList<>();
    private final IterationBatch batch = new IterationBatch();
    private final IterationEnd iterationEnd = new IterationEnd();
    private final IterationStart iterationStart = new IterationStart();

    private final long maxIterationsWithoutToken;

    private final FreeKvBlocks freeBlocks;
    /** The data-parallel group that steps this instance, or null when it steps on its own. */
    private DataParallelGroup group;
    private long outstandingTokens;
    private boolean busy;
    private long iterationsWithoutToken;
    /** Requests that produced their last token in the current iteration, so the next pass must remove them. */
    private int completedThisIteration;
    private boolean preemptedThisIteration;

    /**
     * Creates an idle instance.
     *
     * @param kvCapacityBytes KV-cache bytes of the whole instance, see {@link #kvCapacityBytes}
     * @throws IllegalArgumentException if the KV cache cannot hold even one block
     */
    public ServingInstance(int id, Simulation simulation, ModelSpec model, PerformanceModel performance,
            ServingLimits limits, double kvCapacityBytes, InstancePower power, ServingMetrics metrics,
            RequestListener listener) {
        this.id = id;
        this.simulation = simulation;
        this.model = model;
        this.performance = performance;
        this.limits = limits;
        this.power = power;
        this.metrics = metrics;
        this.listener = listener;
        double blockBytes = model.kvBytesPerToken() * limits.kvBlockTokens();
        this.totalKvBlocks = (int) Math.min(Integer.MAX_VALUE, Math.floor(kvCapacityBytes / blockBytes));
        if (totalKvBlocks < 1) {
            throw new IllegalArgumentException("instance " + id + " of " + model.name() + " has " + kvCapacityBytes
                    + " bytes for KV cache, less than one block of " + blockBytes
                    + " bytes: use more GPUs per instance (tensor parallelism), GPUs with more memory, "
                    + "or a higher gpu_memory_utilization");
        }
        this.freeBlocks = new FreeKvBlocks(totalKvBlocks);
        // The longest prefill takes one iteration per token at a budget of one token, and decodes
        // emit tokens, so a healthy instance never exceeds this count.
        this.maxIterationsWithoutToken = (long) model.maxContextTokens() + limits.maxRunningSequences() + 1_000;
    }

    /**
     * Returns the KV-cache bytes of an instance: GPU memory of all its GPUs times the utilization,
     * minus the weights. The result is negative when the weights do not fit.
     */
    public static double kvCapacityBytes(ModelSpec model, double gpuMemoryBytes, int gpus, ServingLimits limits) {
        return gpus * gpuMemoryBytes * limits.gpuMemoryUtilization() - model.weightBytes();
    }

    public int id() {
        return id;
    }

    /** Returns the KV-cache blocks of the instance. */
    public int totalKvBlocks() {
        return totalKvBlocks;
    }

    public int freeKvBlocks() {
        return freeBlocks.count();
    }

    public int waitingCount() {
        return waiting.size();
    }

    public int runningCount() {
        return running.size();
    }

    /** Returns the tokens still to process for requests on this instance: unprefilled prompts plus remaining outputs. */
    public long outstandingTokens() {
        return outstandingTokens;
    }

    public InstancePower power() {
        return power;
    }

    /** Hands the stepping of this instance to {@code lockstep}; called once, before any request arrives. */
    void joinGroup(DataParallelGroup lockstep) {
        if (group != null) {
            throw new IllegalStateException("instance " + id + " already steps with a data-parallel group");
        }
        if (busy || iterationStart.isPending() || !waiting.isEmpty() || !running.isEmpty()) {
            throw new IllegalStateException("instance " + id + " must join its data-parallel group before it gets "
                    + "requests");
        }
        group = lockstep;
    }

    /** Accepts an arriving request: rejects it if it can never complete here, else queues it and starts work if idle. */
    public void submit(LlmRequest request) {
        request.instanceId = id;
        RejectReason reason = rejectionReason(request);
        if (reason != null) {
            request.status = RequestStatus.REJECTED;
            request.rejectReason = reason;
            listener.requestFinished(request);
            return;
        }
        request.status = RequestStatus.WAITING;
        waiting.addLast(request);
        outstandingTokens += request.promptTokens() + request.outputTokens();
        metrics.waitingRequests().add(simulation.now(), 1);
        if (group != null) {
            group.wake();
        } else if (!busy && !iterationStart.isPending()) {
            // Start at the same instant but after every other event of this instant, so requests
            // arriving together share the first iteration.
            simulation.scheduleEvent(simulation.now(), Event.MIN_PRIORITY, iterationStart);
        }
    }

    private RejectReason rejectionReason(LlmRequest request) {
        long totalTokens = (long) request.promptTokens() + request.outputTokens();
        if (totalTokens > model.maxContextTokens()) {
            return RejectReason.CONTEXT_LIMIT;
        }
        // A recomputed prefill covers the prompt and all but the last output token.
        if (!limits.chunkedPrefill() && totalTokens - 1 > limits.maxBatchedTokens()) {
            return RejectReason.BATCH_TOKEN_LIMIT;
        }
        if (blocksFor(totalTokens) > totalKvBlocks) {
            return RejectReason.KV_CAPACITY;
        }
        return null;
    }

    private void startIteration() {
        double now = simulation.now();
        if (!prepareIteration(now)) {
            goIdle(now);
            return;
        }
        double seconds = modelIterationSeconds();
        beginIteration(now, seconds);
        simulation.scheduleEvent(now + seconds, iterationEnd);
    }

    /**
     * Schedules the next iteration's batch: a step for every running request, then admissions.
     * Returns false when there is nothing to run.
     */
    boolean prepareIteration(double now) {
        batch.clear();
        prefilling.clear();
        decoding.clear();

        preemptedThisIteration = false;
        long tokenBudget = scheduleRunning(now);
        // Like vLLM's V1 scheduler, admit no waiting request in an iteration that had to preempt,
        // unless nothing is left to run.
        if (!preemptedThisIteration || batch.isEmpty()) {
            admitWaiting(now, tokenBudget);
        }
        if (batch.isEmpty()) {
            checkIdleState();
            return false;
        }
        return true;
    }

    /** Returns the batch that {@link #prepareIteration} filled. */
    IterationBatch batch() {
        return batch;
    }

    /** Returns the performance model's time for the prepared batch, checked to be positive and finite. */
    double modelIterationSeconds() {
        double seconds = performance.iterationSeconds(batch);
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalStateException("instance " + id + ": the performance model returned " + seconds
                    + " s for an iteration of " + batch.prefillSequences() + " prefills (" + batch.prefillTokens()
                    + " tokens) and " + batch.decodeSequences() + " decodes; it must be positive and finite");
        }
        return seconds;
    }

    /** Starts the prepared batch at {@code now} for {@code seconds}: power state, energy and counters. */
    void beginIteration(double now, double seconds) {
        PowerState state = batch.powerState();
        markBusy(now);
        power.setState(now, state, batch.processedTokens());
        attributeEnergy(power.gpuWatts(state, batch.processedTokens()) * seconds);
        metrics.countIteration();
    }

    /**
     * Runs the one-token dummy forward pass of a data-parallel rank that has no work while another
     * rank of its group steps: its GPUs are busy at decode power of one token. No request gets the
     * energy, and no iteration is counted.
     */
    void beginDummyIteration(double now) {
        markBusy(now);
        power.setState(now, PowerState.DECODE, 1);
    }

    /** Puts the instance's GPUs at idle power when it has no work left. */
    void goIdle(double now) {
        if (busy) {
            busy = false;
            power.setState(now, PowerState.IDLE);
            metrics.busyGpus().add(now, -power.gpuCount());
        }
    }

    private void markBusy(double now) {
        if (!busy) {
            busy = true;
            metrics.busyGpus().add(now, power.gpuCount());
        }
    }

    /**
     * Gives each running request its next step, in admission order: a decode step, or with chunked
     * prefill the next chunk of an unfinished prompt. Preempts the newest requests when blocks run
     * out. Returns the token budget left for admitting waiting requests.
     */
    private long scheduleRunning(double now) {
        long tokenBudget = limits.maxBatchedTokens();
        int index = 0;
        while (index < running.size()) {
            LlmRequest request = running.get(index);
            boolean prefill = request.prefillRemaining > 0;
            int newTokens = prefill ? (int) Math.min(request.prefillRemaining, tokenBudget) : 1;
            if (newTokens == 0 || (!prefill && tokenBudget == 0 && limits.chunkedPrefill())) {
                index++;
                continue;
            }
            long cachedTokens = prefill ? request.contextTokens() - request.prefillRemaining : request.contextTokens() - 1;
            long tokensAfter = cachedTokens + newTokens;
            // Most decode steps fit in the last block, so a comparison replaces the division.
            int needed = tokensAfter <= (long) request.kvBlocks * limits.kvBlockTokens()
                    ? 0 : blocksFor(tokensAfter) - request.kvBlocks;
            boolean preemptedItself = false;
            while (needed > freeBlocks.count()) {
                LlmRequest victim = running.get(running.size() - 1);
                preempt(victim, now);
                if (victim == request) {
                    preemptedItself = true;
                    break;
                }
            }
            if (preemptedItself) {
                break;
            }
            freeBlocks.take(Math.max(0, needed));
            request.kvBlocks += Math.max(0, needed);
            tokenBudget -= newTokens;
            if (prefill) {
                request.scheduledPrefillTokens = newTokens;
                batch.addPrefill(newTokens, cachedTokens);
                prefilling.add(request);
            } else {
                batch.addDecode(request.contextTokens());
                decoding.add(request);
            }
            index++;
        }
        return Math.max(0, tokenBudget);
    }

    private void preempt(LlmRequest victim, double now) {
        running.remove(running.size() - 1);
        if (limits.prefixCaching()) {
            // A decoding request has computed the KV of every token but the newest, which is the
            // input of its next step.
            int computedTokens = victim.prefillRemaining > 0 ? victim.contextTokens() - victim.prefillRemaining
                    : victim.contextTokens() - 1;
            freeBlocks.releaseRetained(victim, victim.kvBlocks, computedTokens / limits.kvBlockTokens());
        } else {
            freeBlocks.release(victim.kvBlocks);
        }
        victim.kvBlocks = 0;
        // The recompute prefills the whole context again, including the part of an unfinished
        // chunked prefill that was already processed; the unprocessed part is still outstanding.
        outstandingTokens += victim.contextTokens() - victim.prefillRemaining;
        victim.prefillRemaining = 0;
        victim.preemptions++;
        preemptedThisIteration = true;
        victim.status = RequestStatus.WAITING;
        waiting.addFirst(victim);
        metrics.countPreemption();
        metrics.runningRequests().add(now, -1);
        metrics.waitingRequests().add(now, 1);
    }

    /**
     * Admits waiting requests first come, first served while sequences, tokens and blocks allow.
     * Without chunked prefill a prompt must fit whole in the token budget; with it, the last
     * admitted prompt may take only the rest of the budget and continue in later iterations. With
     * prefix caching, a preempted request takes back the blocks of its context that are still
     * intact and prefills only the rest, but at least its newest token, as vLLM does.
     */
    private void admitWaiting(double now, long tokenBudget) {
        while (!waiting.isEmpty() && running.size() < limits.maxRunningSequences() && tokenBudget > 0) {
            LlmRequest request = waiting.peekFirst();
            int contextTokens = request.contextTokens();
            int cachedTokens = Math.min(FreeKvBlocks.retained(request) * limits.kvBlockTokens(), contextTokens - 1);
            int remaining = contextTokens - cachedTokens;
            int chunk = limits.chunkedPrefill() ? (int) Math.min(remaining, tokenBudget) : remaining;
            int blocks = blocksFor((long) cachedTokens + chunk);
            if (chunk > tokenBudget || blocks > freeBlocks.count()) {
                return;
            }
            waiting.pollFirst();
            int claimed = freeBlocks.claim(request);
            freeBlocks.take(Math.max(0, blocks - claimed));
            tokenBudget -= chunk;
            outstandingTokens -= cachedTokens;
            request.kvBlocks = Math.max(blocks, claimed);
            request.prefillRemaining = remaining;
            request.scheduledPrefillTokens = chunk;
            request.status = RequestStatus.RUNNING;
            running.add(request);
            prefilling.add(request);
            batch.addPrefill(chunk, cachedTokens);
            metrics.waitingRequests().add(now, -1);
            metrics.runningRequests().add(now, 1);
        }
    }

    /**
     * Fails the run when the instance goes idle with requests that it can never serve: nothing is
     * running, so every block and the whole token budget are free, yet the first waiting request
     * was not admitted. Arrival checks make this unreachable; the check turns a silent hang into an
     * error that names the state.
     */
    private void checkIdleState() {
        if (!waiting.isEmpty() && running.isEmpty()) {
            throw new IllegalStateException("instance " + id + " of " + model.name() + " cannot make progress: "
                    + describeState() + "; the first waiting request needs "
                    + blocksFor(waiting.peekFirst().contextTokens()) + " blocks and "
                    + waiting.peekFirst().contextTokens() + " tokens of prefill");
        }
    }

    /** Counts iterations since the last output token and fails the run when the count shows a livelock. */
    private void checkProgress(boolean emitted) {
        if (emitted) {
            iterationsWithoutToken = 0;
            return;
        }
        iterationsWithoutToken++;
        if (iterationsWithoutToken > maxIterationsWithoutToken) {
            throw new IllegalStateException("instance " + id + " of " + model.name() + " produced no output token in "
                    + iterationsWithoutToken + " iterations, more than any prompt needs to be prefilled: "
                    + describeState() + "; this is a livelock in the scheduler, please report it with the config");
        }
    }

    /** Returns the scheduler state for error messages. */
    String describeState() {
        return "time " + simulation.now() + " s, " + waiting.size() + " waiting, " + running.size() + " running, "
                + freeBlocks.count() + " of " + totalKvBlocks + " KV blocks free, limits " + limits;
    }

    /** Splits an iteration's GPU energy over its requests in proportion to the tokens each one adds to it. */
    private void attributeEnergy(double iterationJoules) {
        double joulesPerToken = iterationJoules / batch.processedTokens();
        for (int i = 0; i < prefilling.size(); i++) {
            LlmRequest request = prefilling.get(i);
            request.energyJoules += joulesPerToken * request.scheduledPrefillTokens;
        }
        for (int i = 0; i < decoding.size(); i++) {
            decoding.get(i).energyJoules += joulesPerToken;
        }
    }

    private void finishIteration() {
        completeIteration(simulation.now());
        startIteration();
    }

    /** Ends the batch started by {@link #beginIteration}: emits tokens and removes finished requests. */
    void completeIteration(double now) {
        boolean emitted = !decoding.isEmpty();
        for (int i = 0; i < prefilling.size(); i++) {
            LlmRequest request = prefilling.get(i);
            outstandingTokens -= request.scheduledPrefillTokens;
            request.prefillRemaining -= request.scheduledPrefillTokens;
            request.scheduledPrefillTokens = 0;
            if (request.prefillRemaining == 0) {
                emitToken(request, now);
                emitted = true;
            }
        }
        for (int i = 0; i < decoding.size(); i++) {
            emitToken(decoding.get(i), now);
        }
        checkProgress(emitted);
        if (completedThisIteration > 0) {
            removeCompleted(now);
            completedThisIteration = 0;
        }
    }

    private void emitToken(LlmRequest request, double now) {
        request.generatedTokens++;
        outstandingTokens--;
        if (Double.isNaN(request.firstTokenSeconds)) {
            request.firstTokenSeconds = now;
        }
        if (request.generatedTokens >= request.outputTokens()) {
            completedThisIteration++;
        }
    }

    private void removeCompleted(double now) {
        int kept = 0;
        for (int i = 0; i < running.size(); i++) {
            LlmRequest request = running.get(i);
            if (request.generatedTokens >= request.outputTokens()) {
                freeBlocks.release(request.kvBlocks);
                request.kvBlocks = 0;
                request.status = RequestStatus.COMPLETED;
                request.completionSeconds = now;
                metrics.runningRequests().add(now, -1);
                listener.requestFinished(request);
            } else {
                running.set(kept++, request);
            }
        }
        while (running.size() > kept) {
            running.remove(running.size() - 1);
        }
    }

    private int blocksFor(long tokens) {
        return (int) ((tokens + limits.kvBlockTokens() - 1) / limits.kvBlockTokens());
    }

    /** Returns a read-only view of the admitted requests in admission order, for tests and audits. */
    List<LlmRequest> running() {
        return Collections.unmodifiableList(running);
    }

    /** The instance's reusable event that starts work after an idle period. */
    private final class IterationStart extends Event {
        @Override
        protected void fire() {
            startIteration();
        }
    }

    /** The instance's one reusable end-of-iteration event. */
    private final class IterationEnd extends Event {
        @Override
        protected void fire() {
            finishIteration();
        }
    }
}
