"""The play screen's parts: portrait, meters, transcript, replies and the coaching panel."""
