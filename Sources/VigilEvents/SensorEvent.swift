import VigilCore

/// What the sensor learns, as values: analyzers emit these and never write a file; the log
/// writers, the inventory, statistics and any registered `EventSubscriber` consume them.
///
/// Every event is built by one analyzer and handed over whole, so the enum's size is copied
/// per event: the large payloads (a connection summary, a TLS handshake, a DHCP exchange, an
/// HTTP transaction, S7 and DNP3 messages with their identity and object lists) are boxed
/// (`indirect`), which keeps the per-message events of the busiest protocols (BACnet, Modbus)
/// small.
public enum SensorEvent: Sendable {
    /// A named protocol anomaly, written to weird.log.
    case weird(Weird)
    /// A device revealed part of its identity.
    case identity(host: IPAddress, field: IdentityField, value: String, evidence: String)
    /// A device showed a role (e.g. "modbus_server", "dns_server").
    case role(host: IPAddress, role: String)
    /// A device known only by its MAC revealed part of its identity: a link-layer
    /// announcement (LLDP, CDP, PROFINET DCP) that names no IP address.
    case macIdentity(mac: MACAddress, field: IdentityField, value: String, evidence: String)
    /// A device known only by its MAC showed a role.
    case macRole(mac: MACAddress, role: String)
    /// A device is known by a name (DNS answer, DHCP host name, MQTT client id).
    case hostname(host: IPAddress, name: String, evidence: String)
    /// Protocol messages decoded in one flow, reported when the flow ends (statistics and
    /// peer agreement). Counted per flow, not sent per message, to keep the hot path cheap.
    case messages(service: String, count: Int)
    /// DHCP or ARP tie a MAC to an address.
    case binding(mac: MACAddress, host: IPAddress, evidence: String)
    /// An ARP request or reply: its sender's MAC and address (RFC 826).
    case arp(ARPObservation)
    /// A device announced itself over LLDP, CDP or PROFINET DCP.
    indirect case deviceAnnouncement(DeviceAnnouncement)
    /// A connection ended (timed out, closed and swept, evicted, or end of input).
    indirect case connectionFinished(ConnectionSummary)
    /// A Modbus/TCP request or response (one PDU).
    case modbus(ModbusPDUEvent)
    /// The objects of a Modbus Read Device Identification response (FC 43 / MEI 14).
    case modbusDeviceIdentification(ModbusDeviceIdentificationEvent)
    /// A Modbus request paired with its response by transaction id, or left without one.
    indirect case modbusTransaction(ModbusTransactionEvent)
    /// An IEC 60870-5-104 APDU, with its data unit.
    case iec104(IEC104APDUEvent)
    /// A COTP, S7comm or S7comm-plus message, or an S7 CPU's identity.
    indirect case s7(S7Event)
    /// An EtherNet/IP encapsulation header, CIP message, I/O packet or identity item.
    case enip(ENIPEvent)
    /// A DNP3 application fragment, request/response pair or file-control object.
    indirect case dnp3(DNP3Event)
    /// An OSDP packet carried over TCP, or an alert the OSDP monitor raised on it.
    case osdp(OSDPFlowEvent)
    /// A TLS connection's handshake, when the connection ends.
    indirect case tls(TLSHandshakeEvent)
    /// A certificate a TLS client or server presented.
    indirect case x509(X509CertificateEvent)
    /// An OPC UA binary message, or a request paired with its response.
    indirect case opcua(OPCUAEvent)
    /// A BACnet/IP header, or a discovery, property or device-control service.
    case bacnet(BACnetEvent)
    /// An SNMP connection's summary, when it ends.
    case snmp(SNMPSessionEvent)
    /// An SSDP announcement, search or answer.
    indirect case ssdp(SSDPMessageEvent)
    /// A CoAP message.
    case coap(CoAPMessageEvent)
    /// A syslog message.
    case syslog(SyslogMessageEvent)
    /// An NTP message.
    indirect case ntp(NTPMessageEvent)
    /// A DCE/RPC call answered.
    case dceRPC(DCERPCCallEvent)
    /// A DNS query and its reply.
    case dns(DNSTransactionEvent)
    /// An MQTT connection request and its answer.
    case mqttConnect(MQTTConnectEvent)
    /// An MQTT message published.
    case mqttPublish(MQTTPublishEvent)
    /// An MQTT subscription or unsubscription.
    case mqttSubscribe(MQTTSubscribeEvent)
    /// An HTTP request and its response.
    indirect case http(HTTPTransactionEvent)
    /// An SMTP mail transaction.
    indirect case smtp(SMTPTransactionEvent)
    /// An SSH connection's summary: when authentication succeeded, else when it ends.
    indirect case ssh(SSHSessionEvent)
    /// An FTP command and its reply, as ftp.log logs it.
    indirect case ftp(FTPCommandEvent)
    /// A file a connection carried (files.log).
    indirect case file(FileTransferEvent)
    /// A DHCP exchange, across the flows it used.
    indirect case dhcp(DHCPExchangeEvent)
    /// A tunnel discovered, closed or expired (tunnel.log).
    indirect case tunnel(TunnelEvent)
    /// A connection opened a tunnel inside it (a 200 answer to HTTP CONNECT): the pipeline's
    /// tunnels learn of it, and a tunnel not already active is discovered (`tunnel`).
    case tunnelOpened(Tunnel)
    /// A device matched to a published vulnerability (vulnerabilities.log). No packet carries
    /// it: it is made from the merged inventory and handed to the pipeline
    /// (`ShardedPipeline.publish`).
    indirect case vulnerability(VulnerabilityMatchEvent)
}

/// A field of a device's identity, each backed by evidence.
public enum IdentityField: String, Sendable, CaseIterable {
    case vendor, product, model, firmware, serial
    /// Application software version (BACnet), distinct from firmware.
    case software
    /// The name a device gives itself (BACnet object-name, S7 station name).
    case name
    /// The operating system family (a DHCP client's fingerprint).
    case os
}
