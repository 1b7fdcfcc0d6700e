package dev.vectorprop.nn;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The caller's thread and a few helper threads running the parts of one task at a time, for a predictor
 * whose single call is too short for a thread pool's hand-off (one row: tens of microseconds). Helpers
 * spin for {@link #SPIN_NANOS} after each task, then park. Parts are claimed, not assigned: the caller
 * claims them too, so a helper that is asleep or descheduled costs its share of speed, never a wait.
 * One caller at a time ({@link #tryAcquire}); a call that finds the team taken runs alone. The helpers end
 * once the team's owner is unreachable: a parked helper looks every {@link #OWNER_CHECK_NANOS}.
 */
final class Team {
    /** One task's work, part by part; called on any of the team's threads, each part once. */
    interface Task {
        void run(int part);
    }

    /** How long a helper spins for the next task before it parks: a steady stream of calls never wakes one. */
    static final long SPIN_NANOS = 200_000;

    /** How often a parked helper wakes to see whether the team's owner is gone. */
    static final long OWNER_CHECK_NANOS = 1_000_000_000L;

    private final Helper[] helpers;
    private final AtomicBoolean taken = new AtomicBoolean();
    /** The current generation in the top 32 bits, the next unclaimed part below. */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The last generation published; helpers watch it. */
    private volatile int published;
    /** What the helpers serve (a predictor): they end once it is collected, and keep it no more than weakly. */
    private final WeakReference<Object> owner;
    /** Written by the caller before {@link #claims} opens a generation, read by whoever claims a part of it. */
    private Task task;
    private int parts;
    private int generation;

    /** A team of the caller and {@code helpers} daemon threads, started now, that serves {@code owner}. */
    Team(int helpers, Object owner) {
        this.owner = new WeakReference<>(owner);
        this.helpers = new Helper[helpers];
        for (int i = 0; i < helpers; i++) {
            Helper helper = new Helper();
            Thread thread = new Thread(() -> serve(helper), "vectorprop-predictor-helper-" + (i + 1));
            thread.setDaemon(true);
            helper.thread = thread;
            this.helpers[i] = helper;
            thread.start();
        }
    }

    /** Threads a task can run on: the caller's and the helpers. */
    int size() {
        return helpers.length + 1;
    }

    /** Takes the team for one call; false when another caller has it. */
    boolean tryAcquire() {
        return taken.compareAndSet(false, true);
    }

    void release() {
        taken.set(false);
    }

    /**
     * Runs parts {@code 0..parts-1} of the task on the team (the caller included) and returns when all are done,
     * rethrowing the first part's failure. Only the caller that holds the team may call it.
     */
    void run(int parts, Task task) {
        this.task = task;
        this.parts = parts;
        finished.set(0);
        int g = ++generation;
        claims.set((long) g << 32);
        published = g;
        for (Helper helper : helpers) {
            if (helper.parked) {
                LockSupport.unpark(helper.thread);
            }
        }
        work(g);
        while (finished.get() < parts) {
            Thread.onSpinWait(); // parts a helper claimed and is still running
        }
        this.task = null; // a parked helper must not keep the task's objects reachable
        Throwable thrown = failure.getAndSet(null);
        if (thrown instanceof RuntimeException e) {
            throw e;
        } else if (thrown instanceof Error e) {
            throw e;
        } else if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    /** Claims and runs parts of generation g until none is left. */
    private void work(int g) {
        for (long c = claims.get(); c >>> 32 == (g & 0xFFFFFFFFL) && (int) c < parts; c = claims.get()) {
            if (claims.compareAndSet(c, c + 1)) {
                try {
                    task.run((int) c);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                finished.incrementAndGet();
            }
        }
    }

    private void serve(Helper me) {
        int seen = published;
        long idleSince = System.nanoTime();
        while (!owner.refersTo(null)) {
            int g = published;
            if (g != seen) {
                seen = g;
                work(g);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                me.parked = true;
                if (published == seen) { // a run that published before this saw parked false
                    LockSupport.parkNanos(this, OWNER_CHECK_NANOS);
                }
                me.parked = false;
                idleSince = System.nanoTime();
            }
        }
    }

    private static final class Helper {
        Thread thread;
        volatile boolean parked;
    }
}
