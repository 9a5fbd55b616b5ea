# The Debian package, from the same build: `cpack -G DEB` in the build directory (or
# scripts/test-package.sh, which builds it and installs it into a clean Debian 12 chroot).
# Depends: what dpkg-shlibdeps finds the tools linked to (libc6: the rest is static), plus the
# two libraries they open only when needed (dlopen, img/support/lazy_library.h), which no
# linker records: libarchive for checkpoint archives, OpenSSL's libcrypto for --hash.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME criu-img)
set(CPACK_PACKAGE_VENDOR "criu-img")
set(CPACK_PACKAGE_CONTACT "criu-img maintainers <maintainers@users.noreply.r-seed-29527898.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
 img-show, img-encode, img-fixpaths, img-verify and img-diff read CRIU checkpoint
 images (dump directories and Podman/CRI-O checkpoint archives) offline: views and
 crit-compatible JSON, lossless re-encoding, path repair after a relocation,
 restore-readiness checks, and differences between two checkpoints.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Debian names those packages after the soname: libarchive.so.13 is in libarchive13,
# libcrypto.so.3 in libssl3.
string(REGEX REPLACE "\\.so\\.([0-9]+)$" "\\1" _archive_pkg "${IMG_LIBARCHIVE_SONAME}")
string(REGEX REPLACE "\\.so\\.([0-9]+)$" "\\1" _crypto_major "${IMG_LIBCRYPTO_SONAME}")
string(REGEX REPLACE "^libcrypto" "libssl" _crypto_pkg "${_crypto_major}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_archive_pkg}, ${_crypto_pkg}")
set(CPACK_STRIP_FILES ON)
include(CPack)
