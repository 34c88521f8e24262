package io.qiaoqiao.gateway.loop;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.qiaoqiao.gateway.voice.FakeAsteriskAgiClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The people of the demo roster (桥头村) the follow-up tests text as, and a gateway at mid-morning
 * with that roster: a request is offered at once only outside quiet hours.
 */
final class DemoTownship {
    static final String WANG = "+8613900001001";      // 王秀英, 桥头村一组, lives alone
    static final String WANG_SON = "+8613900009001";  // 李建国, her son, a registered family contact
    static final String ZHANG = "+8613900002001";     // 张伟, the first volunteer asked for 一组
    static final String STRANGER = "+8613911112222";  // not on the roster
    static final String REQUEST = "我家电视遥控器坏了，看不了戏曲频道";

    private DemoTownship() {
    }

    static GatewayHarness atDaytime() throws Exception {
        return GatewayHarness.startAt(GatewayHarness.DAYTIME, "requests are offered at once only outside quiet hours", Map.of())
                .withDemoRoster();
    }

    /** Plays {@code client}'s call to the gateway's hotline over FastAGI; returns the commands the gateway sent. */
    static List<String> dial(GatewayHarness h, FakeAsteriskAgiClient client) throws Exception {
        return client.dial(h.gateway().agiPort()).get(30, TimeUnit.SECONDS);
    }
}
