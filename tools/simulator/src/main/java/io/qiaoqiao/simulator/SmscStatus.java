package io.qiaoqiao.simulator;

/** SMPP 3.4 command_status values (section 5.1.3) the simulated SMSC answers with. */
public final class SmscStatus {
    public static final int ESME_ROK = 0x00000000;
    public static final int ESME_RINVCMDID = 0x00000003;
    public static final int ESME_RSYSERR = 0x00000008;
    public static final int ESME_RBINDFAIL = 0x0000000D;
    public static final int ESME_RINVPASWD = 0x0000000E;
    public static final int ESME_RINVSYSID = 0x0000000F;
    public static final int ESME_RMSGQFUL = 0x00000014;
    public static final int ESME_RTHROTTLED = 0x00000058;
    public static final int ESME_RINVDSTADR = 0x0000000B;
    public static final int ESME_RX_T_APPN = 0x00000064;
    public static final int ESME_RX_P_APPN = 0x00000065;

    private SmscStatus() {
    }
}
