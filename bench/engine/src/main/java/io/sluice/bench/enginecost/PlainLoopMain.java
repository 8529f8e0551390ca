package io.sluice.bench.enginecost;

/**
 * The baseline of {@code run.sh}: a row's Bloblang work in a plain loop, as its own process, so that it is
 * measured exactly like {@code ./sluice run} (process CPU time, minus a 100-message run's).
 * Usage: {@code PlainLoopMain ROW COUNT}
 */
public final class PlainLoopMain {
    private PlainLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        long sum = new Rows.PlainLoop(args[0]).run(Long.parseLong(args[1]));
        if (sum < 0) System.out.println(sum); // never true; keeps the result alive
    }
}
