# CPack: two Debian packages from the install COMPONENTs, `sluice` (the dashboard) and
# `sluiced` (the gateway and sluicectl). Shared-library dependencies are computed by
# dpkg-shlibdeps; the Qt plugins loaded at run time (which it cannot see) are named here.
# Build them with `cpack --config build/CPackConfig.cmake -B build/packages` (packaging/README.md).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sluice)
set(CPACK_PACKAGE_VENDOR "The Sluice authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Empty: each package's description below starts with its own synopsis (CPack would put the
# project's description before it as a second one).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL sluice sluiced)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SLUICE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SLUICE_REPOSITORY_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_SLUICED_PACKAGE_NAME sluiced)
set(CPACK_DEBIAN_SLUICED_PACKAGE_SECTION net)
# The SQLite driver is a Qt plugin; adduser makes the system user (postinst).
set(CPACK_DEBIAN_SLUICED_PACKAGE_DEPENDS "libqt6sql6-sqlite, adduser")
set(CPACK_DEBIAN_SLUICED_DESCRIPTION
"gateway that keeps applications inside the limits of rate-limited APIs
Sluice keeps an application's calls to rate-limited APIs (LLMs, text to
speech, avatar sessions) inside the provider's limits. What does not fit
waits in a queue instead of failing; per-user tiers get daily quotas;
upstream 429s are retried with backoff; cost is metered; operators are
alerted at 80% of capacity.
.
This package holds sluiced, the headless gateway (an HTTP and WebSocket
API and a reverse proxy) with its systemd unit, and sluicectl, its
command-line client.")
set(CPACK_DEBIAN_SLUICED_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/debian/postinst;${PROJECT_SOURCE_DIR}/packaging/debian/prerm;${PROJECT_SOURCE_DIR}/packaging/debian/postrm;${PROJECT_SOURCE_DIR}/packaging/debian/conffiles")

set(CPACK_DEBIAN_SLUICE_PACKAGE_NAME sluice)
set(CPACK_DEBIAN_SLUICE_PACKAGE_SECTION net)
# Plugins: the X11 (xcb) platform, the SQLite driver, the SVG icon engine; the Wayland
# platform is recommended (without it Qt runs through XWayland).
set(CPACK_DEBIAN_SLUICE_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_SLUICE_PACKAGE_RECOMMENDS "qt6-wayland")
set(CPACK_DEBIAN_SLUICE_DESCRIPTION
"desktop dashboard for the Sluice rate-limit gateway
Sluice keeps an application's calls to rate-limited APIs (LLMs, text to
speech, avatar sessions) inside the provider's limits. What does not fit
waits in a queue instead of failing; per-user tiers get daily quotas;
upstream 429s are retried with backoff; cost is metered; operators are
alerted at 80% of capacity.
.
This package holds sluice, the Qt operations dashboard: it runs the
engine in-process (serving the gateway API on 127.0.0.1:8787) or connects
to remote sluiced gateways.")

include(CPack)
