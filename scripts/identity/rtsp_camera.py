"""A street camera's RTSP server for samples/rtsp-camera.pcap: GStreamer's RTSP server
library (Debian's gir1.2-gst-rtsp-server-1.0) serving a test picture at rtsp://ADDRESS:554/cam.

Usage: /usr/bin/python3 rtsp_camera.py ADDRESS   (runs until killed)
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address(sys.argv[1])
server.set_service("554")
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch("( videotestsrc is-live=true ! video/x-raw,width=16,height=16,framerate=2/1 ! rtpvrawpay name=pay0 pt=96 )")
factory.set_shared(True)
server.get_mount_points().add_factory("/cam", factory)
server.attach(None)
GLib.MainLoop().run()
