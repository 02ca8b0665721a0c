# sluice_add_manpage(<scd file> <component>): turns docs/man/<name>.<section>.scd into the
# man page <name>.<section>.gz at build time with scdoc (Debian package `scdoc`) and installs
# it into share/man/man<section> with the install COMPONENT. Without scdoc the page is left
# out with a warning (the build itself does not need it; packaging/test-packages.sh checks
# that the packages carry their pages).
find_program(SLUICE_SCDOC scdoc)
find_program(SLUICE_GZIP gzip)
if(NOT SLUICE_SCDOC)
    message(WARNING "scdoc not found: man pages are not built (apt-get install scdoc)")
endif()

function(sluice_add_manpage source component)
    if(NOT SLUICE_SCDOC OR NOT SLUICE_GZIP)
        return()
    endif()
    get_filename_component(source "${source}" ABSOLUTE)
    get_filename_component(page "${source}" NAME_WLE) # sluiced.8
    if(NOT page MATCHES "^([A-Za-z0-9_.-]+)\\.([1-9])$")
        message(FATAL_ERROR "sluice_add_manpage: ${source} is not named <name>.<section>.scd")
    endif()
    set(section "${CMAKE_MATCH_2}")
    set(output "${CMAKE_BINARY_DIR}/man/${page}.gz")
    # gzip -n: no name or time stamp in the archive, so the page is reproducible.
    add_custom_command(OUTPUT "${output}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/man"
        COMMAND sh -c "\"${SLUICE_SCDOC}\" < \"${source}\" | \"${SLUICE_GZIP}\" -9n > \"${output}\""
        DEPENDS "${source}"
        COMMENT "Man page ${page}"
        VERBATIM)
    add_custom_target(man_${page} ALL DEPENDS "${output}")
    install(FILES "${output}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man${section}"
            COMPONENT ${component})
endfunction()
