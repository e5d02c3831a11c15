"""The council kit and other outputs: still maps, sheets, the growth animation, exports, share
links and QR codes, the insights charts."""
