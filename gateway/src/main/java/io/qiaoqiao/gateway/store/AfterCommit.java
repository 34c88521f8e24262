package io.qiaoqiao.gateway.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Work that must happen only if the transaction commits: counting a metric, waking a sender.
 * Counting inside the transaction would count rolled-back work.
 */
public final class AfterCommit {
    private final List<Runnable> actions = new ArrayList<>();

    public void add(Runnable action) {
        actions.add(action);
    }

    void runAll() {
        for (Runnable action : actions) {
            action.run();
        }
    }
}
