package met.capture;

import java.time.LocalDate;
import java.util.List;

/**
 * How long the /met parser takes per capture, against a baseline measured in the same run: the naive reading most
 * Slack bots do (split on commas, trim each part), over the same texts. A main program, not a test: it prints figures
 * and never fails. Run:
 * {@code mvn -B -q -pl bot test-compile exec:java -Dexec.mainClass=met.capture.CaptureParserBenchmark -Dexec.classpathScope=test}
 */
public final class CaptureParserBenchmark {
    /** Captures in the forms the README documents: plain, with an email, a profile link, a follow-up, a sentence. */
    private static final List<String> TEXTS = List.of(
            "Dana Lee, Acme Robotics, CTO @ DevConf — wants a pilot, follow up next Tuesday",
            "Priya Nair priya.nair@example.org, Globex, Head of Sales @ SaaStr: knows the CFO at Initech",
            "Kenji Tanaka https://www.linkedin.com/in/kenji-tanaka/, Hooli @ AI meetup - open to a referral swap, f/u in 2 weeks",
            "Greta Müller, Fabrikam, Founder @ Founders Friday — open to a referral swap",
            "Sam Ortiz, Initech, VP Engineering at KubeCon; hiring two SREs",
            "met someone from Umbrella Health at the chamber breakfast who wants our deck");
    private static final int PER_ROUND = 200_000;

    private CaptureParserBenchmark() {
    }

    public static void main(String[] args) {
        CaptureParser parser = new CaptureParser();
        LocalDate today = LocalDate.of(2026, 11, 26);
        System.out.printf("/met parser, %d captures per round over %d texts, one thread%n", PER_ROUND, TEXTS.size());
        for (int round = 1; round <= 8; round++) {
            long sink = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                sink += parser.parse(TEXTS.get(i % TEXTS.size()), today) instanceof Parse.Confident ? 1 : 0;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                for (String part : TEXTS.get(i % TEXTS.size()).split(",")) {
                    sink += part.trim().length();
                }
            }
            long t2 = System.nanoTime();
            double parse = (t1 - t0) / 1000.0 / PER_ROUND, naive = (t2 - t1) / 1000.0 / PER_ROUND;
            System.out.printf("round %d: parser %.1f µs per capture, naive split %.2f µs: %.0f× (%d)%n",
                    round, parse, naive, parse / naive, sink % 10);
        }
    }
}
