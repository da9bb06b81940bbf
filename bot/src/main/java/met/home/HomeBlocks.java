package met.home;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static met.slack.Mrkdwn.escape;
import static met.slack.Mrkdwn.truncate;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.Views;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import met.capture.CaptureRepository;
import met.followups.FollowUp;
import met.followups.FollowUpBlocks;
import met.team.Period;
import met.team.TeamNumbers;
import met.team.TeamStats;

/** The App Home: my follow-ups, my recent contacts, this month's team numbers and my goal, and a way to log. */
public final class HomeBlocks {
    public static final String LOG_DEBRIEF_ACTION = "met_home_log_debrief";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private HomeBlocks() {
    }

    /** Everything the Home shows for one teammate. */
    public record Home(List<FollowUp> followUps, int followUpsTotal, List<CaptureRepository.Recent> recent, Period month,
                       TeamNumbers numbers, int myEvents, int goal, TeamStats.Balance balance, LocalDate today) {
    }

    public static View view(Home home) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText("Your networking"))));
        blocks.add(actions(a -> a.blockId("home_actions").elements(List.of(
                button(b -> b.actionId(LOG_DEBRIEF_ACTION).text(plainText("Log a debrief")).style("primary").value("home"))))));
        blocks.add(context(c -> c.elements(List.of(markdownText("Or type `/met Dana Lee, Acme @ DevConf — notes; follow up in 2 weeks` "
                + "anywhere. `/met help` lists everything.")))));

        blocks.add(divider());
        String goal = home.myEvents() >= home.goal()
                ? ":trophy: You met this month's goal: " + home.myEvents() + " of " + home.goal() + (home.goal() == 1 ? " event." : " events.")
                : ":dart: " + home.myEvents() + " of " + home.goal() + (home.goal() == 1 ? " event" : " events") + " this month — "
                        + (home.goal() - home.myEvents()) + " to go.";
        blocks.add(section(s -> s.text(markdownText("*" + home.month().label() + "*\n" + goal
                + "\nReferrals you gave: " + home.balance().given() + " · received: " + home.balance().received()
                + " — networking is a two-way street."))));
        TeamNumbers n = home.numbers();
        blocks.add(section(s -> s.fields(List.of(
                markdownText("*Team events*\n" + n.events()),
                markdownText("*Teammates out*\n" + n.teammatesOut()),
                markdownText("*New contacts*\n" + n.newContacts()),
                markdownText("*Follow-ups done*\n" + n.followUpsDone()),
                markdownText("*Overdue*\n" + n.followUpsOverdue()),
                markdownText("*Referrals given / received*\n" + n.referralsGiven() + " / " + n.referralsReceived())))));

        blocks.add(divider());
        if (home.followUps().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText("*Follow-ups*\n:sparkles: Nothing to follow up right now."))));
        } else {
            blocks.addAll(FollowUpBlocks.list(home.followUps(), home.followUpsTotal(), home.today()));
        }

        blocks.add(divider());
        if (home.recent().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText("*Recent contacts*\nNobody yet: log your next event with *Log a debrief*."))));
        } else {
            StringBuilder recent = new StringBuilder("*Recent contacts*");
            for (CaptureRepository.Recent r : home.recent()) {
                recent.append("\n• *").append(escape(truncate(r.name(), 100))).append("*")
                        .append(r.company() == null ? "" : ", " + escape(truncate(r.company(), 100)))
                        .append(" — ").append(DAY.format(r.metOn()))
                        .append(r.eventName() == null ? "" : " at " + escape(truncate(r.eventName(), 100)));
            }
            String text = truncate(recent.toString(), 3000);
            blocks.add(section(s -> s.text(markdownText(text))));
        }
        return Views.view(v -> v.type("home").blocks(blocks));
    }
}
