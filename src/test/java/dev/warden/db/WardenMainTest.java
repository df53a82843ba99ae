package dev.warden.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The start-up note about the kernel's scheduler autogroup reads the setting as Linux writes it. */
class WardenMainTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"'1\n', true", "'0\n', false", "'1', true", "'', false", "'garbage', false"})
    void readsTheAutogroupSetting(String content, boolean on) throws IOException {
        Path setting = Files.writeString(dir.resolve("sched_autogroup_enabled"), content);
        assertEquals(on, WardenMain.autogroupOn(setting));
    }

    @Test
    void aMissingSettingIsOff() {
        assertFalse(WardenMain.autogroupOn(dir.resolve("absent")));
    }
}
