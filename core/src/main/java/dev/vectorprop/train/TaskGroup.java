package dev.vectorprop.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs the first n of some reusable tasks on a pool and waits for them all. The root task is reused
 * too, so a training step hands work to the pool without allocating.
 */
final class TaskGroup extends RecursiveAction {
    private final ForkJoinPool pool;
    private RecursiveAction[] tasks;
    private int n;

    TaskGroup(ForkJoinPool pool) {
        this.pool = pool;
    }

    void run(RecursiveAction[] tasks, int n) {
        this.tasks = tasks;
        this.n = n;
        reinitialize();
        pool.invoke(this);
    }

    @Override
    protected void compute() {
        for (int i = 1; i < n; i++) {
            tasks[i].fork();
        }
        tasks[0].invoke();
        for (int i = n - 1; i >= 1; i--) {
            tasks[i].join();
        }
    }
}
