// Linked with one core library's every object (whole archive) and only the libraries that
// library declares (core/CMakeLists.txt): the link fails when a layer calls into a layer it
// must not know, so the folders cannot grow a cycle.
int main()
{
    return 0;
}
