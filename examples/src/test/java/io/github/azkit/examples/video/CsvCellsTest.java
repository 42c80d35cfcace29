package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @Test
    void cellsThatSpreadsheetsTakeForFormulasGetAnApostropheAndComeBack() {
        for (String formula : new String[] {"=HYPERLINK(\"http://evil\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"}) {
            assertThat(CsvCells.safe(formula)).isEqualTo("'" + formula);
            assertThat(CsvCells.plain(CsvCells.safe(formula))).isEqualTo(formula);
        }
        for (String text : new String[] {"alice@corp.example", "", "'quoted", "1=1", "DE"}) {
            assertThat(CsvCells.safe(text)).isEqualTo(text);
            assertThat(CsvCells.plain(text)).isEqualTo(text);
        }
    }
}
