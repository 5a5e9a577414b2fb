import VigilCore
import VigilEvents
import VigilInventory
import VigilLogs
import VigilProtocols

/// Where log rows go: a log directory in production, a collector in tests.
public protocol LogSink: AnyObject {
    func write(_ record: LogRecord, now: Timestamp) throws
    /// A row built in place (`LogRow`); sinks that keep records get it as one.
    func write(_ schema: LogSchema, now: Timestamp, _ build: (inout LogRow) -> Void) throws
}

extension LogSink {
    public func write(_ schema: LogSchema, now: Timestamp, _ build: (inout LogRow) -> Void) throws {
        var row = LogRow(valuesOf: schema)
        build(&row)
        try write(row.record, now: now)
    }
}

extension LogDirectory: LogSink {}

/// Collects rows in memory (tests, and tools that post-process logs).
public final class MemoryLogSink: LogSink {
    public private(set) var records: [LogRecord] = []
    public init() {}
    public func write(_ record: LogRecord, now: Timestamp) throws { records.append(record) }
    public func rows(_ path: String) -> [LogRecord] { records.filter { $0.schema.path == path } }
}

/// Hands every event, in order and on the pipeline's thread, to the subscribers: the log
/// writers, the statistics, the inventory, then those registered through
/// `SensorPipeline.subscribe`. The built-in ones are called directly (no dynamic dispatch per
/// event); registered ones through `EventSubscriber`.
final class EventRouter: EventSink {
    let logs: LogSink
    let inventory: AssetInventory
    var stats: SensorStatistics
    var now = Timestamp.zero
    var writeError: VigilError?
    var subscribers: [EventSubscriber] = []
    let connLog: ConnectionLogWriter
    let modbusLog = ModbusLogWriter()
    let iec104Log = IEC104LogWriter()
    let coapLog = CoAPLogWriter()
    let dnsLog = DNSLogWriter()
    let mqttLog = MQTTLogWriter()
    let httpLog = HTTPLogWriter()
    let s7Log = S7LogWriter()
    let enipLog = ENIPLogWriter()
    let dnp3Log = DNP3LogWriter()
    let osdpLog = OSDPLogWriter()
    let tlsLog = TLSLogWriter()
    let bacnetLog = BACnetLogWriter()
    let opcuaLog = OPCUALogWriter()
    let snmpLog = SNMPLogWriter()
    let syslogLog = SyslogLogWriter()
    let ntpLog = NTPLogWriter()
    let dceRPCLog = DCERPCLogWriter()
    let filesLog: FilesLogWriter
    let smtpLog = SMTPLogWriter()
    let sshLog: SSHLogWriter
    let ftpLog = FTPLogWriter()
    let tunnelLog = TunnelLogWriter()
    /// The tunnels this pipeline has seen: the pipeline reports the packets it opens, the
    /// analyzers the tunnels they open (`tunnelOpened`).
    let tunnels = TunnelTracker()
    /// Certificates seen and not yet in x509.log, shared by the run's workers.
    let certificates: CertificateSightings

    init(
        logs: LogSink, inventory: AssetInventory, localNetworks: LocalNetworks = .zeekDefault,
        certificates: CertificateSightings = CertificateSightings()
    ) {
        self.logs = logs
        self.certificates = certificates
        connLog = ConnectionLogWriter(localNetworks: localNetworks)
        filesLog = FilesLogWriter(localNetworks: localNetworks)
        sshLog = SSHLogWriter(localNetworks: localNetworks)
        self.inventory = inventory
        self.stats = SensorStatistics()
    }

    func emit(_ event: consuming SensorEvent) { route(event) }

    /// The built-in consumers, then the registered ones. Without registered ones (the usual
    /// case) the event is consumed by the built-in ones: binding its payload then moves it
    /// rather than copying it and its strings, once per event.
    private func route(_ event: consuming SensorEvent) {
        if subscribers.isEmpty { return builtIn(event) }
        builtIn(copy event)
        for s in subscribers { s.receive(event, at: now) }
    }

    private func builtIn(_ event: consuming SensorEvent) {
        // What the inventory learns from goes to it whole, before the payloads are taken apart.
        switch event {
        case .identity, .role, .macIdentity, .macRole, .hostname, .binding, .arp:
            return inventory.receive(event, at: now)
        case .connectionFinished(let c):
            connLog.write(c, to: self)
            return inventory.receive(event, at: now)
        default: break
        }
        switch consume event {
        case .messages(let service, let count):
            stats.messages[service, default: 0] += count
        case .weird(let w):
            stats.weirds[w.name, default: 0] += 1
            log(WeirdLog.schema) { WeirdLog.add(w, to: &$0) }
        case .modbus(let pdu):
            modbusLog.write(pdu, to: self)
        case .modbusDeviceIdentification(let e):
            modbusLog.write(e, to: self)
        case .modbusTransaction(let t):
            modbusLog.write(t, to: self)
        case .iec104(let e):
            iec104Log.write(e, to: self)
        case .coap(let e):
            coapLog.write(e, to: self)
        case .dns(let e):
            dnsLog.write(e, to: self)
        case .mqttConnect(let e):
            mqttLog.write(e, to: self)
        case .mqttPublish(let e):
            mqttLog.write(e, to: self)
        case .mqttSubscribe(let e):
            mqttLog.write(e, to: self)
        case .http(let e):
            httpLog.write(e, to: self)
        case .s7(let e):
            s7Log.write(e, to: self)
        case .enip(let e):
            enipLog.write(e, to: self)
        case .dnp3(let e):
            dnp3Log.write(e, to: self)
        case .osdp(let e):
            osdpLog.write(e, to: self)
        case .tls(let e):
            tlsLog.write(e, to: self)
        case .bacnet(let e):
            bacnetLog.write(e, to: self)
        case .opcua(let e):
            opcuaLog.write(e, to: self)
        case .snmp(let e):
            snmpLog.write(e, to: self)
        case .syslog(let e):
            syslogLog.write(e, to: self)
        case .ntp(let e):
            ntpLog.write(e, to: self)
        case .dceRPC(let e):
            dceRPCLog.write(e, to: self)
        case .smtp(let e):
            smtpLog.write(e, to: self)
        case .ssh(let e):
            sshLog.write(e, to: self)
        case .ftp(let e):
            ftpLog.write(e, to: self)
        case .tunnel(let e):
            tunnelLog.write(e, to: self)
        case .tunnelOpened(let t):
            tunnels.connectionStarted(in: [t], at: now) { emit(.tunnel($0)) }
        case .file(let f):
            log(FilesLogWriter.schema) { filesLog.add(f, to: &$0) }
        case .x509(let e):
            if certificates.add(e) { writeCertificates() }
        case .dhcp(let e):
            inventory.observe(dhcp: e)
            write(DHCPLog.record(e))
        case .vulnerability(let e):
            write(VulnerabilitiesLogWriter.record(e))
        case .deviceAnnouncement, .ssdp:
            break  // no log of their own: their identity and roles came as their own events
        case .identity, .role, .macIdentity, .macRole, .hostname, .binding, .arp, .connectionFinished:
            break  // handled above
        }
    }

    /// Writes x509.log's rows for the certificates seen so far (`CertificateSightings`), each
    /// stamped with its own time.
    func writeCertificates() {
        let before = now
        for e in certificates.drain() {
            now = e.ts
            log(X509LogWriter.schema) { X509LogWriter.add(e, to: &$0) }
        }
        now = before
    }

    /// Rows per log, folded into `stats.logRows` on demand.
    private let rows = LogRowCounter()

    var statistics: SensorStatistics {
        var s = stats
        for (path, n) in rows.rowsByPath { s.logRows[path, default: 0] += n }
        return s
    }

    func write(_ r: LogRecord) {
        rows.count(r.schema)
        record { try logs.write(r, now: now) }
    }

    func log(_ schema: LogSchema, _ build: (inout LogRow) -> Void) {
        rows.count(schema)
        record { try logs.write(schema, now: now, build) }
    }

    /// Keeps the first write error (the caller stops on it) and goes on.
    private func record(_ write: () throws -> Void) {
        do {
            try write()
        } catch let e as VigilError {
            if writeError == nil { writeError = e }
        } catch {
            if writeError == nil { writeError = VigilError(.ioFailure, "\(error)") }
        }
    }
}
