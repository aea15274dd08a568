// The source of msc_test_pch and msc_test_pch_http, the targets that own the test
// suite's precompiled headers (see tests/CMakeLists.txt); not linked anywhere.
