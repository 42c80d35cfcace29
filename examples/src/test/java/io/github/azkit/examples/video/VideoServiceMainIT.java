package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's run command's main: starts its own Azurite and the service, prints the URL, logins and costs. */
class VideoServiceMainIT {

    @Test
    void startsWithItsOwnAzuriteAndPrintsTheUrlTheLoginsAndTheTransactions() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            VideoServiceMain.main(new String[] {"--exit", "--port=0"});
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("azkit video service: http://127\\.0\\.0\\.1:\\d+")
                .contains("admin@demo.example / " + VideoServiceMain.DEMO_PASSWORD)
                .contains("student@demo.example / ").contains("site@demo.example / ")
                .containsPattern("storage transactions for start-up and demo data: total=\\d+");
    }

    @Test
    void aBadArgumentIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> VideoServiceMain.main(new String[] {"--port=http"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The port 'http' (from PORT or --port=) must be a whole number from 0 to 65535; 0 picks"
                        + " a free port.");
        assertThatThrownBy(() -> VideoServiceMain.main(new String[] {"--verbose"}))
                .hasMessage("Unknown argument '--verbose': use --exit, --port=N, --billing-zone=ZONE, or none.");
        assertThatThrownBy(() -> VideoServiceMain.main(new String[] {"--billing-zone=Mars/Olympus"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The billing zone 'Mars/Olympus' (from BILLING_ZONE or --billing-zone=) is not a time zone:"
                        + " use a region ID such as Europe/London, or UTC.");
    }
}
