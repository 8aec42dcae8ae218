package org.orrery.model.inference;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The free KV-cache blocks of an instance in the order they are reused, as vLLM's V1 block pool
 * keeps them when prefix caching is on. Freed blocks join the tail and new allocations take the
 * head, so the blocks freed longest ago are overwritten first.
 *
 * <p>Blocks freed by a preempted request keep their contents until they are overwritten. vLLM
 * frees a request's blocks last block first, so allocations overwrite the end of its context before
 * the start, and the blocks still intact are always a prefix of its context. When the request is
 * admitted again, {@link #claim} takes those blocks back so it recomputes only the rest. Blocks of
 * finished requests are reused like any free block; sharing prompt prefixes between requests is
 * not modelled.
 */
final class FreeKvBlocks {
    /** A run of free blocks, with {@code owner} the preempted request whose context they still contain, or null. */
    static final class Run {
        private final LlmRequest owner;
        private int blocks;

        private Run(LlmRequest owner, int blocks) {
            this.owner = owner;
            this.blocks = blocks;
        }
    }

    private final ArrayDeque<Run> queue = new ArrayDeque<>();
    private int count;

    FreeKvBlocks(int blocks) {
        release(blocks);
    }

    /** Returns the number of free blocks, whether or not they still contain a preempted request's context. */
    int count() {
        return count;
    }

    /**
     * Takes {@code blocks} blocks from the head, overwriting their contents.
     *
     * @throws IllegalStateException if fewer blocks are free
     */
    void take(int blocks) {
        if (blocks > count) {
            throw new IllegalStateException("cannot take " + blocks + " KV blocks, only " + count + " are free");
        }
        count -= blocks;
        int left = blocks;
        while (left > 0) {
            Run head = queue.peekFirst();
            int used = Math.min(left, head.blocks);
            head.blocks -= used;
            left -= used;
            if (head.blocks == 0) {
                queue.pollFirst();
                if (head.owner != null) {
                    head.owner.retainedKvBlocks = null;
                }
            }
        }
    }

    /** Frees {@code blocks} blocks whose contents will not be reused. */
    void release(int blocks) {
        if (blocks <= 0) {
            return;
        }
        count += blocks;
        Run tail = queue.peekLast();
        if (tail != null && tail.owner == null) {
            tail.blocks += blocks;
        } else {
            queue.addLast(new Run(null, blocks));
        }
    }

    /**
     * Frees the {@code blocks} blocks of a preempted request. The first {@code fullBlocks} contain
     * complete blocks of its context and can serve it again, and the others are reused like any
     * free block. They are queued last block first, as vLLM frees them.
     */
    void releaseRetained(LlmRequest owner, int blocks, int fullBlocks) {
        int retained = Math.min(blocks, fullBlocks);
        release(blocks - retained);
        if (retained > 0) {
            Run run = new Run(owner, retained);
            queue.addLast(run);
            count += retained;
            owner.retainedKvBlocks = run;
        }
    }

    /** Returns how many blocks of {@code owner}'s context are still intact, without taking them. */
    static int retained(LlmRequest owner) {
        return owner.retainedKvBlocks == null ? 0 : owner.retainedKvBlocks.blocks;
    }

    /** Takes back the intact blocks of {@code owner}'s context and returns how many there were. */
    int claim(LlmRequest owner) {
        Run run = owner.retainedKvBlocks;
        if (run == null) {
            return 0;
        }
        owner.retainedKvBlocks = null;
        for (Iterator<Run> it = queue.iterator(); it.hasNext();) {
            if (it.next() == run) {
                it.remove();
                break;
            }
        }
        count -= run.blocks;
        return run.blocks;
    }
}
