package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The block list a commit writes: never over the cap, header first, the newest blocks kept in order. */
class BlockPlanTest {

    @Property(tries = 300)
    void neverOverTheCapAndKeepsTheNewest(@ForAll @IntRange(min = 0, max = 50_000) int existing,
            @ForAll @IntRange(min = 1, max = 300) int added, @ForAll boolean header,
            @ForAll @IntRange(min = 2, max = 50_000) int maxBlocks) {
        List<String> committed = new ArrayList<>();
        if (header && existing > 0) {
            committed.add(BlockIdSource.HEADER_ID);
        }
        for (int i = 0; i < Math.min(existing, maxBlocks - committed.size()); i++) {
            committed.add("old" + i);
        }
        List<String> newIds = new ArrayList<>();
        for (int i = 0; i < added; i++) {
            newIds.add("new" + i);
        }
        List<String> all = new ArrayList<>(committed.subList(header && !committed.isEmpty() ? 1 : 0,
                committed.size()));
        all.addAll(newIds);

        List<String> plan = BlockAppender.plan(committed, header, newIds, maxBlocks);

        assertThat(plan.size()).isLessThanOrEqualTo(maxBlocks).isLessThanOrEqualTo(OngoingLog.MAX_BLOCKS);
        List<String> data = plan;
        if (header) {
            assertThat(plan.get(0)).isEqualTo(BlockIdSource.HEADER_ID);
            data = plan.subList(1, plan.size());
        }
        int room = maxBlocks - (header ? 1 : 0);
        assertThat(data).containsExactlyElementsOf(all.subList(Math.max(0, all.size() - room), all.size()));
    }
}
