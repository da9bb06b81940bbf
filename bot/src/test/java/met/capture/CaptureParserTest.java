package met.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("CaptureParser reads /met text")
class CaptureParserTest {

    /** A Wednesday. */
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static final String LONG_TEXT = longText();

    private final CaptureParser parser = new CaptureParser();

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void readsCapture(String sentence, String input, Expected expected) {
        expected.check(parser.parse(input, TODAY));
    }

    static Stream<Arguments> captures() {
        return Stream.of(
                // The grammar, as documented
                arguments("the full example yields every field and a date two weeks out",
                        "Dana Lee, Acme Robotics, CTO @ DevConf 2026 — wants an API pilot; follow up in 2 weeks",
                        confident(who("Dana Lee").company("Acme Robotics").role("CTO").event("DevConf 2026")
                                .notes("wants an API pilot").followUp(date(12, 9)))),
                arguments("person, company, role, event and notes without a follow-up",
                        "Dana Lee, Acme, CTO @ DevConf — wants a pilot",
                        confident(who("Dana Lee").company("Acme").role("CTO").event("DevConf")
                                .notes("wants a pilot"))),
                arguments("\"at\" after the name introduces the event",
                        "Sam Ortiz at Berlin JS meetup",
                        confident(who("Sam Ortiz").event("Berlin JS meetup"))),
                arguments("a colon starts the notes and an ISO date ends them",
                        "Priya Nair, Globex: intro to their CFO next month, follow up on 2026-12-09",
                        confident(who("Priya Nair").company("Globex").notes("intro to their CFO next month")
                                .followUp(date(12, 9)))),
                arguments("an email after the name is lifted out, and a spaced hyphen starts the notes",
                        "Li Wei li.wei@example.com, Initech - met at the coffee line",
                        confident(who("Li Wei").company("Initech").notes("met at the coffee line")
                                .email("li.wei@example.com"))),
                arguments("a profile URL after the name is lifted out",
                        "Jo Smith https://www.linkedin.com/in/josmith @ RubyConf",
                        confident(who("Jo Smith").event("RubyConf").url("https://www.linkedin.com/in/josmith"))),
                arguments("a person alone is enough",
                        "Dana Lee",
                        confident(who("Dana Lee"))),
                arguments("a role may contain commas after the company",
                        "Dana Lee, Acme, Head of Product, EMEA @ Web Summit",
                        confident(who("Dana Lee").company("Acme").role("Head of Product, EMEA").event("Web Summit"))),
                arguments("an @ directly before the event name marks the event",
                        "Ravi Patel @KubeCon",
                        confident(who("Ravi Patel").event("KubeCon"))),
                arguments("extra spaces and line breaks are collapsed",
                        "  Dana   Lee ,\n Acme \t ",
                        confident(who("Dana Lee").company("Acme"))),

                // Company names with commas
                arguments("a quoted company keeps its comma",
                        "Ana García, \"Acme, Inc.\", VP Sales @ SaaStr",
                        confident(who("Ana García").company("Acme, Inc.").role("VP Sales").event("SaaStr"))),
                arguments("a company in curly quotes keeps its comma",
                        "Ana García, “Acme, Inc.”, VP Sales @ SaaStr",
                        confident(who("Ana García").company("Acme, Inc.").role("VP Sales").event("SaaStr"))),
                arguments("an unquoted \", Inc.\" stays with the company",
                        "Ana García, Acme, Inc., VP Sales",
                        confident(who("Ana García").company("Acme, Inc.").role("VP Sales"))),
                arguments("\", Inc.\" followed directly by the role still stays with the company",
                        "Ana García, Acme, Inc. VP Sales",
                        confident(who("Ana García").company("Acme, Inc.").role("VP Sales"))),
                arguments("\", LLC\" stays with the company",
                        "Tom Baker, Widgets, LLC, Head of Ops",
                        confident(who("Tom Baker").company("Widgets, LLC").role("Head of Ops"))),
                arguments("\", Ltd.\" stays with the company before the notes",
                        "Marta Kowalski, Fabryka, Ltd. — met at booth 12",
                        confident(who("Marta Kowalski").company("Fabryka, Ltd.").notes("met at booth 12"))),
                arguments("\", GmbH\" stays with the company",
                        "Hans Müller, Beispiel, GmbH, CTO @ Hannover Messe",
                        confident(who("Hans Müller").company("Beispiel, GmbH").role("CTO").event("Hannover Messe"))),
                arguments("\", S.A.\" stays with the company",
                        "Lucía Fernández, Telecom, S.A., Directora @ MWC Barcelona",
                        confident(who("Lucía Fernández").company("Telecom, S.A.").role("Directora")
                                .event("MWC Barcelona"))),
                arguments("\"at\" inside a quoted company is not an event",
                        "Eve Adams, \"Eat at Joe's\", owner",
                        confident(who("Eve Adams").company("Eat at Joe's").role("owner"))),

                // Unicode, emoji, other scripts
                arguments("accents and emoji in a name are kept exactly",
                        "Zoë Ångström 🚀, Nordlys, Founder @ Slush",
                        confident(who("Zoë Ångström 🚀").company("Nordlys").role("Founder").event("Slush"))),
                arguments("accented names, hyphenated roles and emoji notes",
                        "José Núñez, Café Olé, co-founder — loves ☕️ and 🌮",
                        confident(who("José Núñez").company("Café Olé").role("co-founder")
                                .notes("loves ☕️ and 🌮"))),
                arguments("Chinese with full-width commas and colon",
                        "王伟，阿里巴巴，产品经理 @ 云栖大会：想试用我们的API",
                        confident(who("王伟").company("阿里巴巴").role("产品经理").event("云栖大会")
                                .notes("想试用我们的API"))),
                arguments("Japanese name, company and event",
                        "山田太郎, ソニー, エンジニア at 東京 Meetup — 来月また会う",
                        confident(who("山田太郎").company("ソニー").role("エンジニア").event("東京 Meetup")
                                .notes("来月また会う"))),
                arguments("Arabic with Arabic commas, right to left",
                        "سارة أحمد، شركة النور، مديرة التسويق @ مؤتمر دبي — تريد عرضًا تجريبيًا",
                        confident(who("سارة أحمد").company("شركة النور").role("مديرة التسويق").event("مؤتمر دبي")
                                .notes("تريد عرضًا تجريبيًا"))),
                arguments("Hebrew name and notes with an English follow-up",
                        "דנה לוי, אקמה — רוצה פיילוט; follow up next week",
                        confident(who("דנה לוי").company("אקמה").notes("רוצה פיילוט").followUp(date(12, 2)))),
                arguments("a hyphenated first name is not a notes separator",
                        "Jean-Luc Picard, Starfleet, co-founder - loves Earl Grey",
                        confident(who("Jean-Luc Picard").company("Starfleet").role("co-founder")
                                .notes("loves Earl Grey"))),

                // Emails and URLs anywhere
                arguments("an email at the start",
                        "dana@acme.io Dana Lee, Acme",
                        confident(who("Dana Lee").company("Acme").email("dana@acme.io"))),
                arguments("an email standing in the person's place leaves no person",
                        "dana@acme.io, Dana Lee, Acme",
                        unsure(who(null).company("Dana Lee").role("Acme").email("dana@acme.io"),
                                "I couldn't tell who you met.")),
                arguments("an email in the middle as its own part",
                        "Li Wei, li.wei@example.com, Initech",
                        confident(who("Li Wei").company("Initech").email("li.wei@example.com"))),
                arguments("an email at the end of the notes",
                        "Dana Lee, Acme — wants a pilot dana@acme.io",
                        confident(who("Dana Lee").company("Acme").notes("wants a pilot").email("dana@acme.io"))),
                arguments("a URL at the start",
                        "https://linkedin.com/in/danalee Dana Lee @ DevConf",
                        confident(who("Dana Lee").event("DevConf").url("https://linkedin.com/in/danalee"))),
                arguments("a URL ending a sentence leaves its full stop behind",
                        "Dana Lee, Acme — see https://acme.com/team/dana.",
                        confident(who("Dana Lee").company("Acme").notes("see.").url("https://acme.com/team/dana"))),
                arguments("an email and a URL together",
                        "Kim Park kim@park.dev https://github.com/kimpark, Park Labs, Staff Engineer",
                        confident(who("Kim Park").company("Park Labs").role("Staff Engineer").email("kim@park.dev")
                                .url("https://github.com/kimpark"))),
                arguments("a second email is kept in the notes",
                        "Dana Lee, Acme, dana@acme.io, dana.lee@gmail.com",
                        confident(who("Dana Lee").company("Acme").email("dana@acme.io")
                                .notes("dana.lee@gmail.com"))),

                // Slack's escaped forms
                arguments("a Slack mailto link is unwrapped to its address",
                        "Dana Lee <mailto:dana@acme.io|dana@acme.io>, Acme",
                        confident(who("Dana Lee").company("Acme").email("dana@acme.io"))),
                arguments("a Slack web link is unwrapped to its URL",
                        "Dana Lee, Acme <https://www.linkedin.com/in/danalee|linkedin.com/in/danalee> @ DevConf",
                        confident(who("Dana Lee").company("Acme").event("DevConf")
                                .url("https://www.linkedin.com/in/danalee"))),
                arguments("a Slack user mention is data and stays as typed",
                        "Dana Lee (<@U123ABC|dana>), Acme @ DevConf",
                        confident(who("Dana Lee (<@U123ABC|dana>)").company("Acme").event("DevConf"))),
                arguments("Slack's escaped ampersand is decoded",
                        "Tom Ford, AT&amp;T — met at the booth",
                        confident(who("Tom Ford").company("AT&T").notes("met at the booth"))),

                // Follow-up phrases
                arguments("follow up in 3 days",
                        "Dana Lee, Acme; follow up in 3 days",
                        confident(who("Dana Lee").company("Acme").followUp(date(11, 28)))),
                arguments("follow up in a week",
                        "Dana Lee — wants a demo, follow up in a week",
                        confident(who("Dana Lee").notes("wants a demo").followUp(date(12, 2)))),
                arguments("follow up in a month",
                        "Dana Lee — budget opens soon. Follow up in a month.",
                        confident(who("Dana Lee").notes("budget opens soon.").followUp(date(12, 25)))),
                arguments("follow up in 1 month",
                        "Dana Lee, Acme, follow up in 1 month",
                        confident(who("Dana Lee").company("Acme").followUp(date(12, 25)))),
                arguments("follow up tomorrow",
                        "Dana Lee @ DevConf; follow up tomorrow",
                        confident(who("Dana Lee").event("DevConf").followUp(date(11, 26)))),
                arguments("follow up next monday is the first Monday after today",
                        "Dana Lee — follow up next monday",
                        confident(who("Dana Lee").followUp(date(11, 30)))),
                arguments("follow up next week is seven days out",
                        "Dana Lee, follow up next week",
                        confident(who("Dana Lee").followUp(date(12, 2)))),
                arguments("follow up on monday",
                        "Dana Lee — send deck; follow up on Monday",
                        confident(who("Dana Lee").notes("send deck").followUp(date(11, 30)))),
                arguments("the spelling follow-up works",
                        "Dana Lee, Acme — Follow-up on Friday",
                        confident(who("Dana Lee").company("Acme").followUp(date(11, 27)))),
                arguments("the spelling followup works, and next wednesday skips today",
                        "Dana Lee followup next wednesday",
                        confident(who("Dana Lee").followUp(date(12, 2)))),
                arguments("the abbreviation f/u works",
                        "Dana Lee, Acme — f/u tomorrow",
                        confident(who("Dana Lee").company("Acme").followUp(date(11, 26)))),
                arguments("a follow-up phrase at the start is read and the rest still parses",
                        "Follow up in 2 weeks: Dana Lee, Acme",
                        confident(who("Dana Lee").company("Acme").followUp(date(12, 9)))),
                arguments("\"follow up with someone\" is not a date and stays in the notes",
                        "Dana Lee, Acme — promised to follow up with their CFO",
                        confident(who("Dana Lee").company("Acme").notes("promised to follow up with their CFO"))),
                arguments("an unreadable follow-up is questioned and kept in the notes",
                        "Dana Lee, Acme — wants a pilot; follow up in a fortnight",
                        unsure(who("Dana Lee").company("Acme").notes("wants a pilot; follow up in a fortnight"),
                                "I couldn't read the follow-up date “in a fortnight”.")),
                arguments("an impossible date is questioned and kept in the notes",
                        "Dana Lee, Acme; follow up on 2026-02-30",
                        unsure(who("Dana Lee").company("Acme").notes("follow up on 2026-02-30"),
                                "“on 2026-02-30”")),
                arguments("a follow-up date in the past is questioned",
                        "Dana Lee — follow up on 2026-01-15",
                        unsure(who("Dana Lee").notes("follow up on 2026-01-15"), "in the past")),
                arguments("a follow-up date more than a year away is questioned",
                        "Dana Lee — follow up on 2028-01-01",
                        unsure(who("Dana Lee").notes("follow up on 2028-01-01"), "more than a year away")),
                arguments("a bare \"follow up\" without a date is questioned",
                        "Dana Lee, Acme — follow up",
                        unsure(who("Dana Lee").company("Acme").notes("follow up"),
                                "I couldn't tell when to follow up.")),
                arguments("two different follow-up dates are questioned",
                        "Dana Lee — follow up tomorrow; follow up next week",
                        unsure(who("Dana Lee").notes("follow up next week").followUp(date(11, 26)),
                                "more than one follow-up date")),

                // Notes separators and "at"
                arguments("an en dash starts the notes",
                        "Dana Lee, Acme – wants a pilot",
                        confident(who("Dana Lee").company("Acme").notes("wants a pilot"))),
                arguments("a spaced hyphen starts the notes",
                        "Dana Lee, Acme - wants a pilot",
                        confident(who("Dana Lee").company("Acme").notes("wants a pilot"))),
                arguments("a colon starts the notes",
                        "Dana Lee: great energy, knows everyone",
                        confident(who("Dana Lee").notes("great energy, knows everyone"))),
                arguments("\"at\" inside the notes belongs to the notes",
                        "Dana Lee, Acme — we met at the after-party at 10pm",
                        confident(who("Dana Lee").company("Acme").notes("we met at the after-party at 10pm"))),
                arguments("a URL's colon is not a notes separator",
                        "Dana Lee https://dana.dev: designer",
                        confident(who("Dana Lee").url("https://dana.dev").notes("designer"))),
                arguments("two different events are questioned",
                        "Dana Lee @ DevConf at RubyConf — wants a pilot",
                        unsure(who("Dana Lee").event("DevConf").notes("at RubyConf; wants a pilot"),
                                "two candidate events")),

                // Blank, too long, and no clear person
                arguments("empty text is blank", "", blank()),
                arguments("whitespace-only text is blank", "  \t\n  ", blank()),
                arguments("Unicode spaces only are blank", "\u00A0\u2003\u3000", blank()),
                arguments("null is blank", null, blank()),
                arguments("text over 3,000 characters keeps all of it in the notes",
                        LONG_TEXT,
                        unsure(who(null).notes(LONG_TEXT), "longer than 3000 characters")),
                arguments("a sentence with no clear name goes to the notes",
                        "Had a great chat with someone from the payments team about refunds",
                        unsure(who(null).notes("Had a great chat with someone from the payments team about refunds"),
                                "reads like a sentence")),
                arguments("more than six words without a comma is not a name",
                        "Tall fellow blue jacket red shoes big laugh @ DevConf",
                        unsure(who(null).notes("Tall fellow blue jacket red shoes big laugh @ DevConf"),
                                "reads like a sentence")),
                arguments("text starting with a separator has no person",
                        "— wants a pilot",
                        unsure(who(null).notes("wants a pilot"), "I couldn't tell who you met.")),
                arguments("an email alone is no person",
                        "dana@acme.io @ DevConf",
                        unsure(who(null).email("dana@acme.io").event("DevConf"), "I couldn't tell who you met.")),
                arguments("a URL alone is no person",
                        "https://linkedin.com/in/someone, Acme",
                        unsure(who(null).company("Acme").url("https://linkedin.com/in/someone"),
                                "I couldn't tell who you met.")));
    }

    private static String longText() {
        StringBuilder text = new StringBuilder("Dana Lee, Acme — ");
        int n = 0;
        while (text.length() <= CaptureParser.MAX_LENGTH) {
            text.append("note").append(n++).append(' ');
        }
        return text.append("the end").toString();
    }

    private static LocalDate date(int month, int day) {
        return LocalDate.of(2026, month, day);
    }

    private static Fields who(String person) {
        return new Fields(person, null, null, null, null, null, null, null);
    }

    private static Expected confident(Fields fields) {
        return new Expected(Parse.Confident.class, fields.capture(), null);
    }

    private static Expected unsure(Fields fields, String reasonFragment) {
        return new Expected(Parse.Unsure.class, fields.capture(), reasonFragment);
    }

    private static Expected blank() {
        return new Expected(Parse.Blank.class, null, null);
    }

    /** Expected fields, built up one at a time so each table row reads like the capture it describes. */
    record Fields(String person, String company, String role, String event, String notes, String email,
                  String url, LocalDate followUp) {

        Fields company(String value) {
            return new Fields(person, value, role, event, notes, email, url, followUp);
        }

        Fields role(String value) {
            return new Fields(person, company, value, event, notes, email, url, followUp);
        }

        Fields event(String value) {
            return new Fields(person, company, role, value, notes, email, url, followUp);
        }

        Fields notes(String value) {
            return new Fields(person, company, role, event, value, email, url, followUp);
        }

        Fields email(String value) {
            return new Fields(person, company, role, event, notes, value, url, followUp);
        }

        Fields url(String value) {
            return new Fields(person, company, role, event, notes, email, value, followUp);
        }

        Fields followUp(LocalDate value) {
            return new Fields(person, company, role, event, notes, email, url, value);
        }

        Capture capture() {
            return new Capture(person, company, role, event, notes, email, url, followUp);
        }
    }

    record Expected(Class<? extends Parse> kind, Capture capture, String reasonFragment) {

        void check(Parse actual) {
            assertThat(actual).isInstanceOf(kind);
            if (actual instanceof Parse.Confident) {
                assertThat(((Parse.Confident) actual).capture()).isEqualTo(capture);
            }
            if (actual instanceof Parse.Unsure) {
                Parse.Unsure unsure = (Parse.Unsure) actual;
                assertThat(unsure.partial()).isEqualTo(capture);
                assertThat(unsure.reasons()).anySatisfy(reason -> assertThat(reason).contains(reasonFragment));
            }
        }

        @Override
        public String toString() {
            return kind.getSimpleName();
        }
    }
}
