from atlaspress.cli import main

main()
