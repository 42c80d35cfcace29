package io.github.azkit.examples.video.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import org.junit.jupiter.api.Test;

/** A login runs the password hash once whether or not the email exists, so its time tells nothing. */
@AzkitStorageTest
class ConstantTimeLoginIT {

    @Test
    void anUnknownEmailRunsTheHashAsAWrongPasswordDoes(TestStorage storage) {
        String prefix = TestStorage.uniqueName("t");
        PasswordHasher hasher = new PasswordHasher(1_000);
        Directory directory = new Directory(storage.tableServiceClient().createTableIfNotExists(prefix + "Users"),
                storage.tableServiceClient().createTableIfNotExists(prefix + "Accounts"), hasher);
        directory.register("known@corp.example", "Known", "correct horse");

        long before = hasher.derivations();
        assertThat(directory.login("known@corp.example", "wrong password")).isEmpty();
        assertThat(hasher.derivations() - before).as("a wrong password").isEqualTo(1);

        before = hasher.derivations();
        assertThat(directory.login("unknown@corp.example", "wrong password")).isEmpty();
        assertThat(hasher.derivations() - before).as("an unknown email").isEqualTo(1);

        before = hasher.derivations();
        assertThat(directory.login("known@corp.example", "correct horse")).isPresent();
        assertThat(hasher.derivations() - before).as("the right password").isEqualTo(1);
    }
}
