import Foundation
import Testing

@testable import VigilProtocols

/// Zeek's file magic outcomes: the strongest matching signature names the type, whatever a
/// header claimed.
@Suite struct FileMagicTests {
    static func type(_ s: String) -> String? { FileMagic.mimeType(of: Array(s.utf8)) }
    static func type(_ b: [UInt8]) -> String? { FileMagic.mimeType(of: b) }

    @Test func textAndMarkupFollowTheirStrengths() {
        #expect(Self.type("Part number 1\r\n") == "text/plain")
        #expect(Self.type("short") == nil)  // fewer than ten characters: no signature matches
        #expect(Self.type("{\"temperature\": 21.5}") == "text/json")  // json (1) beats text/plain (-20)
        #expect(Self.type("[1, 2, 3]") == "text/json")
        #expect(Self.type(" {} ") == "text/json")
        #expect(Self.type("<!DOCTYPE html><html><body>") == "text/html")
        #expect(Self.type("<!-- a comment -->\n<HTML><HEAD>") == "text/html")
        #expect(Self.type("<html><title>x</title>") == "text/html")
        // An XML declaration with double quotes is libmagic.sig's strong XML (185), above XHTML (100).
        #expect(Self.type("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">") == "application/xml")
        #expect(Self.type("<?xml  version=1.0 ?><root/>") == "application/xml")
        #expect(Self.type("<?xml version=\"1.0\"?><svg width=\"10\"></svg>") == "application/xml")
        #expect(Self.type("\n <rss version=\"2.0\">") == "text/rss")
        #expect(Self.type("-----BEGIN CERTIFICATE-----\nMIIB") == "application/x-pem")  // PEM (0) above text/plain (-20)
    }

    @Test func scriptsAreNamedByWhatStartsThem() {
        #expect(Self.type("#!/bin/sh\necho hi\n") == "text/x-shellscript")
        #expect(Self.type("#!/usr/bin/env python3\nprint(1)\n") == "text/x-python")
        #expect(Self.type("#!/usr/bin/perl -w\n") == "text/x-perl")
        #expect(Self.type("document.write(\"<iframe>\");") == "application/javascript")
        #expect(Self.type("(function()\n{ var a = 1; })();") == "application/javascript")
        // Zeek's function pattern allows no CR: such a script is plain text to Zeek (and in
        // the corpus's version-mismatch baseline).
        #expect(Self.type("(function()\r\n{\r\nvar undef=\"undefined\";") == "text/plain")
        #expect(Self.type("<script type=\"text/javascript\">var a;</script>") == "application/javascript")
        #expect(Self.type("<?php echo 1; ?>") == "text/x-php")  // php (40) above text/plain (-20)
        #expect(Self.type("<html><?php echo 1; ?>") == "text/html")  // but below an <html> start (100)
    }

    @Test func binaryFormatsAreNamedByTheirMagicNumbers() throws {
        #expect(Self.type([0x4D, 0x5A, 0x90, 0x00, 0x03]) == "application/x-dosexec")
        #expect(Self.type([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == "image/png")
        #expect(Self.type([0xFF, 0xD8, 0xFF, 0xE0]) == "image/jpeg")
        #expect(Self.type(Array("GIF89a".utf8)) == "image/gif")
        #expect(Self.type(Array("%PDF-1.7\n".utf8)) == "application/pdf")
        #expect(Self.type([0x1F, 0x8B, 0x08, 0x00]) == "application/x-gzip")
        #expect(Self.type([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]) == "application/zip")
        var jar: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] + [UInt8](repeating: 0, count: 24)
        jar += Array("META-INF/MANIFEST.MF".utf8)
        #expect(Self.type(jar) == "application/java-archive")  // jar (100) over zip (10)
        #expect(Self.type([0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0]) == "application/vnd.tcpdump.pcap")
        #expect(Self.type([0x00, 0x01, 0x02, 0x03, 0xFE]) == nil)
        // An executable of this machine: a position-independent ELF is a shared object to Zeek.
        let env = try Data(contentsOf: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(["application/x-sharedlib", "application/x-executable"].contains(Self.type(Array(env.prefix(4096)))))
    }
}
