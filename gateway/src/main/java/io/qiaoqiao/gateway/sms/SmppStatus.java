package io.qiaoqiao.gateway.sms;

import java.util.Map;

/** The SMPP command_status values this gateway acts on, with their names for logs. */
public final class SmppStatus {
    public static final int ESME_ROK = 0x00;
    public static final int ESME_RINVMSGLEN = 0x01;
    public static final int ESME_RINVCMDID = 0x03;
    public static final int ESME_RINVBNDSTS = 0x04;
    public static final int ESME_RSYSERR = 0x08;
    public static final int ESME_RINVSRCADR = 0x0A;
    public static final int ESME_RINVDSTADR = 0x0B;
    public static final int ESME_RBINDFAIL = 0x0D;
    public static final int ESME_RINVPASWD = 0x0E;
    public static final int ESME_RINVSYSID = 0x0F;
    public static final int ESME_RMSGQFUL = 0x14;
    public static final int ESME_RINVESMCLASS = 0x43;
    public static final int ESME_RSUBMITFAIL = 0x45;
    public static final int ESME_RINVSRCTON = 0x48;
    public static final int ESME_RINVSRCNPI = 0x49;
    public static final int ESME_RINVDSTTON = 0x50;
    public static final int ESME_RINVDSTNPI = 0x51;
    public static final int ESME_RTHROTTLED = 0x58;
    public static final int ESME_RX_T_APPN = 0x64;
    public static final int ESME_RX_P_APPN = 0x65;
    public static final int ESME_RX_R_APPN = 0x66;
    public static final int ESME_RINVCMDLEN = 0x02;
    public static final int ESME_RINVOPTPARSTREAM = 0xC0;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(ESME_ROK, "ESME_ROK"),
            Map.entry(ESME_RINVMSGLEN, "ESME_RINVMSGLEN"),
            Map.entry(ESME_RINVCMDID, "ESME_RINVCMDID"),
            Map.entry(ESME_RINVBNDSTS, "ESME_RINVBNDSTS"),
            Map.entry(ESME_RSYSERR, "ESME_RSYSERR"),
            Map.entry(ESME_RINVSRCADR, "ESME_RINVSRCADR"),
            Map.entry(ESME_RINVDSTADR, "ESME_RINVDSTADR"),
            Map.entry(ESME_RBINDFAIL, "ESME_RBINDFAIL"),
            Map.entry(ESME_RINVPASWD, "ESME_RINVPASWD"),
            Map.entry(ESME_RINVSYSID, "ESME_RINVSYSID"),
            Map.entry(ESME_RMSGQFUL, "ESME_RMSGQFUL"),
            Map.entry(ESME_RINVESMCLASS, "ESME_RINVESMCLASS"),
            Map.entry(ESME_RSUBMITFAIL, "ESME_RSUBMITFAIL"),
            Map.entry(ESME_RINVSRCTON, "ESME_RINVSRCTON"),
            Map.entry(ESME_RINVSRCNPI, "ESME_RINVSRCNPI"),
            Map.entry(ESME_RINVDSTTON, "ESME_RINVDSTTON"),
            Map.entry(ESME_RINVDSTNPI, "ESME_RINVDSTNPI"),
            Map.entry(ESME_RTHROTTLED, "ESME_RTHROTTLED"),
            Map.entry(ESME_RX_T_APPN, "ESME_RX_T_APPN"),
            Map.entry(ESME_RX_P_APPN, "ESME_RX_P_APPN"),
            Map.entry(ESME_RX_R_APPN, "ESME_RX_R_APPN"),
            Map.entry(ESME_RINVCMDLEN, "ESME_RINVCMDLEN"),
            Map.entry(ESME_RINVOPTPARSTREAM, "ESME_RINVOPTPARSTREAM"));

    private SmppStatus() {
    }

    /** "ESME_RTHROTTLED (0x00000058)", or just the hex for statuses without a name here. */
    public static String describe(int status) {
        String hex = "0x%08X".formatted(status);
        String name = NAMES.get(status);
        return name == null ? hex : name + " (" + hex + ")";
    }
}
